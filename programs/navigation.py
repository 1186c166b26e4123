"""Steps 2 and 3 in the menu; enrollments, teaching and hands-on verification on /staff/."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from accounts.menu import ADMIN, APPLICANT, INSTRUCTOR, MenuEntry, Section, Work, WorkItem, WorkTile

from .models import Enrollment, HandsOnSession

MENU = [
    MenuEntry("2. Enrollment", "programs:catalogue", "mortarboard", APPLICANT, Section.PATHWAY, 2),
    MenuEntry("3. Training", "programs:training", "journal-check", APPLICANT, Section.PATHWAY, 3),
    MenuEntry(
        "Programs and cohorts",
        "programs:staff_programs",
        "journal-medical",
        ADMIN,
        Section.PROGRAMS,
    ),
    MenuEntry("Enrollments", "programs:applications", "person-check", ADMIN, Section.PROGRAMS),
    MenuEntry("Teaching", "programs:instructor_home", "easel", INSTRUCTOR, Section.PROGRAMS),
    MenuEntry(
        "Verification queue",
        "programs:verification_queue",
        "clipboard2-check",
        INSTRUCTOR,
        Section.PROGRAMS,
    ),
]


def enrollments_waiting(user) -> Work:
    """Applications to a program that admits by review: one aggregate."""
    row = Enrollment.objects.filter(status=Enrollment.Status.APPLIED).aggregate(
        count=Count("pk"), oldest=Min("applied_at")
    )
    return Work(count=row["count"], oldest=row["oldest"])


def sessions_to_verify(user) -> Work:
    """Hands-on sessions the instructor supervised that wait for them: one aggregate."""
    row = HandsOnSession.objects.filter(
        supervisor=user, status=HandsOnSession.Status.SUBMITTED
    ).aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    return Work(count=row["count"], oldest=row["oldest"])


def cohorts_taught(user) -> Work:
    """The instructor's cohorts that have not ended, soonest first: one query."""
    today = timezone.localdate()
    cohorts = (
        user.teaching_cohorts.filter(ends_on__gte=today)
        .select_related("program")
        .annotate(enrolled=Count("enrollments", filter=Q(enrollments__status="enrolled")))
        .order_by("starts_on", "pk")[:6]
    )
    return Work(
        items=tuple(
            WorkItem(
                text=str(cohort),
                url=reverse("programs:teaching_cohort", args=[cohort.pk]),
                note=f"{cohort.enrolled} enrolled · {cohort.starts_on:%d %b %Y}",
            )
            for cohort in cohorts
        )
    )


TILES = [
    WorkTile(
        "enrollments",
        "Enrollments waiting for approval",
        "person-check",
        ADMIN,
        enrollments_waiting,
        url_name="programs:applications",
        order=20,
    ),
    WorkTile(
        "sessions",
        "Hands-on sessions waiting for your verification",
        "clipboard2-check",
        INSTRUCTOR,
        sessions_to_verify,
        url_name="programs:verification_queue",
        order=60,
    ),
    WorkTile(
        "cohorts",
        "Your cohorts",
        "easel",
        INSTRUCTOR,
        cohorts_taught,
        url_name="programs:instructor_home",
        empty_text="No current or upcoming cohort.",
        order=61,
    ),
]
