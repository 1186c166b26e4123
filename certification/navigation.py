"""The pathway overview and the staff home in the menu; certificates in preparation on /staff/."""

from django.db.models import Count, Min, Q

from accounts.menu import ADMIN, ANY_STAFF, APPLICANT, MenuEntry, Section, Work, WorkTile

from .models import Appeal, Certificate

MENU = [
    MenuEntry(
        "My pathway", "certification:dashboard", "signpost-split", APPLICANT, Section.PATHWAY, 0
    ),
    MenuEntry("Work list", "certification:staff_home", "clipboard-check", ANY_STAFF, Section.HOME),
    MenuEntry(
        "Certificates", "certification:staff_certificates", "award", ADMIN, Section.CERTIFICATES
    ),
    MenuEntry("Appeals", "certification:staff_appeals", "megaphone", ADMIN, Section.CERTIFICATES),
    MenuEntry("Reports", "certification:reports_registry", "table", ADMIN, Section.CERTIFICATES),
    MenuEntry("Applicant pipeline", "certification:pipeline", "funnel", ADMIN, Section.PEOPLE),
]


def appeals_waiting(user) -> Work:
    """Appeals no admin has decided yet: one aggregate."""
    row = Appeal.objects.filter(status=Appeal.Status.PENDING).aggregate(
        count=Count("pk"), oldest=Min("submitted_at")
    )
    return Work(count=row["count"], oldest=row["oldest"])


def certificates_pending(user) -> Work:
    """Certificates waiting for their PDF, and how many of them failed to render: one aggregate."""
    row = Certificate.objects.filter(status=Certificate.Status.PENDING).aggregate(
        count=Count("pk"),
        oldest=Min("created_at"),
        failed=Count("pk", filter=~Q(last_error="")),
    )
    failed = row["failed"]
    note = f"{failed} failed to render: open one to render it again." if failed else ""
    return Work(count=row["count"], oldest=row["oldest"], note=note)


TILES = [
    WorkTile(
        "certificates_pending",
        "Certificates being prepared",
        "award",
        ADMIN,
        certificates_pending,
        url_name="certification:staff_certificates",
        query="status=pending",
        order=40,
    ),
    WorkTile(
        "appeals",
        "Appeals waiting for a decision",
        "megaphone",
        ADMIN,
        appeals_waiting,
        url_name="certification:staff_appeals",
        order=45,
    ),
]
