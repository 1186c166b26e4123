"""Step 1's pages in the menu, and the admins' review queue and last decisions on /staff/.

The work counts are small aggregates kept here, beside the tiles that show them: each tile
costs one or two queries whatever the size of its queue.
"""

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.timesince import timesince

from . import review_queue_cache, review_sources
from .menu import ADMIN, APPLICANT, MenuEntry, Section, Work, WorkItem, WorkTile
from .models import OPEN_REVIEW_STATUSES, AuditEntry, MedicalLicense, SupportingCredential
from .selectors_review_queue import reverify_due

MENU = [
    MenuEntry(
        "1. Qualifications",
        "accounts:qualifications",
        "person-vcard",
        APPLICANT,
        Section.PATHWAY,
        order=1,
    ),
    MenuEntry("Review queue", "accounts:review_queue", "inboxes", ADMIN, Section.QUALIFICATIONS),
    MenuEntry(
        "Jurisdiction rules",
        "accounts:jurisdictions",
        "globe-americas",
        ADMIN,
        Section.QUALIFICATIONS,
    ),
    MenuEntry(
        "License monitoring",
        "accounts:monitoring_imports",
        "shield-exclamation",
        ADMIN,
        Section.QUALIFICATIONS,
    ),
    MenuEntry("People and roles", "accounts:people", "people", ADMIN, Section.PEOPLE),
    MenuEntry("Audit trail", "accounts:audit_trail", "journal-text", ADMIN, Section.PEOPLE),
]


def open_reviews(user) -> Work:
    """Everything in the review queue: licenses and credentials submitted or under review,
    licenses back for re-verification, and the registered kinds (renewals). Kept beside the
    queue's order, under its version token (accounts/review_queue_cache.py): one aggregate per
    kind only when something queued changed."""
    version = review_queue_cache.queue_version()
    return review_queue_cache.kept(version, ("staff-home",), _open_reviews_now)


def _open_reviews_now() -> Work:
    waiting = [
        model.objects.filter(status__in=OPEN_REVIEW_STATUSES).aggregate(
            count=Count("pk"), oldest=Min("submitted_at")
        )
        for model in (MedicalLicense, SupportingCredential)
    ]
    waiting.append(reverify_due().aggregate(count=Count("pk"), oldest=Min("reverify_requested_at")))
    waiting += [
        source.open_rows().aggregate(count=Count("pk"), oldest=Min("submitted_at"))
        for source in review_sources.sources()
    ]
    oldest = [row["oldest"] for row in waiting if row["oldest"] is not None]
    return Work(count=sum(row["count"] for row in waiting), oldest=min(oldest, default=None))


def _decision_text(entry: AuditEntry) -> str:
    # "license.verified" -> "License verified"; the codes are the services' own words.
    action = entry.action.replace(".", " ").replace("_", " ").capitalize()
    return f"{action}: {entry.target_repr}"


def last_decisions(user) -> Work:
    """The admin's own last ten audited actions, newest first: one query."""
    now = timezone.now()
    entries = (
        AuditEntry.objects.filter(actor=user)
        .exclude(action="account.signed_up")
        .only("at", "action", "target_repr")
        .order_by("-at", "-id")[:10]
    )
    return Work(
        items=tuple(
            WorkItem(text=_decision_text(entry), note=f"{timesince(entry.at, now)} ago")
            for entry in entries
        )
    )


TILES = [
    WorkTile(
        "reviews",
        "Licenses and credentials to review",
        "inboxes",
        ADMIN,
        open_reviews,
        url_name="accounts:review_queue",
        order=10,
    ),
    WorkTile(
        "decisions",
        "Your last decisions",
        "clock-history",
        ADMIN,
        last_decisions,
        empty_text="You have not decided anything yet.",
        order=90,
    ),
]
