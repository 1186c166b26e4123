"""Steps 4 and 5 in the menu; flagged sittings and the examiners' score forms on /staff/."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.menu import ADMIN, APPLICANT, EXAMINER, MenuEntry, Section, Work, WorkItem, WorkTile

from .models import ExaminerAssignment, PracticalSitting
from .selectors.practical_queue import ready_queue_summary

MENU = [
    MenuEntry(
        "4. Written exam", "exams:written_home", "pencil-square", APPLICANT, Section.PATHWAY, 4
    ),
    MenuEntry(
        "5. Practical exam", "exams:my_practical", "clipboard2-pulse", APPLICANT, Section.PATHWAY, 5
    ),
    MenuEntry("Question bank", "exams:written_bank", "collection", ADMIN, Section.EXAMS),
    MenuEntry("Written exams", "exams:written_exams", "bar-chart-line", ADMIN, Section.EXAMS),
    MenuEntry("Rubrics", "exams:rubrics", "list-check", ADMIN, Section.EXAMS),
    MenuEntry("Corrections", "exams:written_corrections", "eraser", ADMIN, Section.EXAMS),
    MenuEntry(
        "Ready for the practical",
        "exams:practical_ready_queue",
        "person-check",
        ADMIN,
        Section.EXAMS,
    ),
    MenuEntry("Practical sittings", "exams:sittings", "calendar-check", ADMIN, Section.EXAMS),
    MenuEntry("Examiner reports", "exams:practical_reports", "graph-up", ADMIN, Section.EXAMS),
    MenuEntry("Score forms", "exams:examiner_home", "ui-checks", EXAMINER, Section.EXAMS),
]


def flagged_sittings(user) -> Work:
    """Sittings whose examiners disagree, waiting for an admin's decision: one aggregate."""
    row = PracticalSitting.objects.filter(status=PracticalSitting.Status.FLAGGED).aggregate(
        count=Count("pk"), oldest=Min("result_at")
    )
    return Work(count=row["count"], oldest=row["oldest"])


def forms_to_submit(user) -> Work:
    """The examiner's score forms not yet submitted; the age is that of the oldest sitting
    already held (a form for next week's sitting is not late): one aggregate."""
    now = timezone.now()
    row = ExaminerAssignment.objects.filter(
        examiner=user, status=ExaminerAssignment.Status.DRAFT
    ).aggregate(
        count=Count("pk"),
        oldest=Min("sitting__starts_at", filter=Q(sitting__starts_at__lte=now)),
    )
    return Work(count=row["count"], oldest=row["oldest"])


def next_sittings(user) -> Work:
    """The examiner's sittings that have not ended yet, soonest first: one query."""
    assignments = (
        ExaminerAssignment.objects.filter(examiner=user, sitting__ends_at__gte=timezone.now())
        .select_related("sitting__candidate")
        .order_by("sitting__starts_at", "pk")[:5]
    )
    return Work(
        items=tuple(
            WorkItem(
                text=date_format(timezone.localtime(a.sitting.starts_at), "j M Y, H:i"),
                url=reverse("exams:score_form", args=[a.pk]),
                note=f"{a.sitting.candidate.full_legal_name} · {a.sitting.place}",
            )
            for a in assignments
        )
    )


def ready_for_practical(user) -> Work:
    """Candidates whose hands-on minimums are met and who have no open sitting."""
    summary = ready_queue_summary()
    oldest = timezone.now() - summary.oldest_age if summary.oldest_age else None
    return Work(count=summary.count, oldest=oldest)


TILES = [
    WorkTile(
        "ready_for_practical",
        "Candidates ready for the practical exam",
        "person-check",
        ADMIN,
        ready_for_practical,
        url_name="exams:practical_ready_queue",
        order=25,
    ),
    WorkTile(
        "flagged_sittings",
        "Practical sittings flagged for a decision",
        "flag",
        ADMIN,
        flagged_sittings,
        url_name="exams:sittings",
        query="status=flagged",
        order=30,
    ),
    WorkTile(
        "score_forms",
        "Score forms still to submit",
        "ui-checks",
        EXAMINER,
        forms_to_submit,
        url_name="exams:examiner_home",
        order=70,
    ),
    WorkTile(
        "next_sittings",
        "Your next sittings",
        "calendar-event",
        EXAMINER,
        next_sittings,
        url_name="exams:examiner_home",
        empty_text="No sitting coming up.",
        order=71,
    ),
]
