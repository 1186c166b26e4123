"""How each item of the review queue reads as a row of its page.

The cells are worked out here, once per row, and the template only prints them: per row, an
include of the status badge, a `{% url %}`, a `date` filter and the template's attribute lookups
through three kinds of item cost about 0.5 ms on the national seed (25 rows: most of the page).
The badge tones are the ones every status badge uses (`status_tone`)."""

from django.urls import reverse

from .listing import RowDates
from .models import ReviewStatus
from .selectors import QueueItem

# The Bootstrap tone of each review status's badge; the others read as "secondary".
STATUS_TONES = {
    ReviewStatus.VERIFIED: "success",
    ReviewStatus.REJECTED: "danger",
    ReviewStatus.REVOKED: "danger",
    ReviewStatus.SUSPENDED: "danger",
    ReviewStatus.EXPIRED: "warning",
    ReviewStatus.UNDER_REVIEW: "info",
    ReviewStatus.SUPERSEDED: "light border",
}


def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "secondary")


def queue_rows(items: list[QueueItem]) -> list[dict]:
    dates = RowDates()
    return [_row(entry, dates) for entry in items]


def _row(entry: QueueItem, dates: RowDates) -> dict:
    item = entry.item
    cells = {
        "key": f"{entry.kind}-{item.pk}",
        "submitted": dates.minute(item.submitted_at),
        "jurisdiction": "—",
        "status": "",
        "tone": "secondary",
        "reverify": False,  # a verified license back for re-verification
        "reverify_reason": "",
        "flag": "",
    }
    if entry.row:  # a registered kind (renewals) says how its row reads
        return cells | {
            "person": item.holder.full_legal_name,
            "email": item.holder.email,
            "summary": entry.row.summary,
            "status_label": entry.row.status_label,
            "flag": entry.row.flag,
            "url": entry.row.url,
        }
    cells |= {
        "person": item.applicant.full_legal_name,
        "email": item.applicant.email,
        "status": item.status,
        "tone": status_tone(item.status),
        "status_label": item.get_status_display(),
        "url": reverse("accounts:review", args=[entry.kind, item.pk]),
    }
    if entry.kind == "license":
        cells["summary"] = f"{item.get_license_type_display()} · {item.number}"
        cells["jurisdiction"] = item.jurisdiction.name
        if entry.reverify:
            cells |= {"reverify": True, "reverify_reason": item.reverify_reason}
    elif item.kind == item.Kind.CONTINUING_EDUCATION:
        cells["summary"] = f"CE · {item.credit_hours} h · {item.title}"
    else:
        cells["summary"] = f"{item.certification_type.code} · {item.title}"
    return cells
