"""How each item of the review queue reads as a row of its page.

The cells are worked out here, once per row, and written as the table's rows
(listing.table_rows): per row, an include of the status badge, a `{% url %}`, a `date` filter
and the template's lookups of a dozen values through three kinds of item cost about 0.5 ms on
the national seed (25 rows: most of the page).
The badge tones are the ones every status badge uses (`status_tone`)."""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from .listing import RowDates, table_rows, url_by_pk
from .models import LicenseType, ReviewStatus, SupportingCredential
from .selectors_review_queue import QueueItem

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

ROW = (
    '<tr data-queue-item="{}">'
    '<td data-label="Submitted">{}</td>'
    '<td data-label="Applicant">{}<div class="small text-body-secondary">{}</div></td>'
    '<td data-label="Item">{}</td>'
    '<td data-label="Jurisdiction">{}</td>'
    '<td data-label="Status">{}</td>'
    '<td class="text-end"><a class="btn btn-sm btn-primary" href="{}">Review</a></td>'
    "</tr>"
)
REVERIFY_BADGE = (
    '<span class="badge text-bg-warning" data-reverify="1">'
    '<i class="bi bi-arrow-repeat" aria-hidden="true"></i> Re-verification due</span>'
    '<div class="small">{}</div>'
)
STATUS_LABELS = dict(ReviewStatus.choices)
LICENSE_TYPES = dict(LicenseType.choices)


def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "secondary")


def queue_rows(items: list[QueueItem]) -> SafeString:
    """The page's table rows (empty when nothing waits)."""
    dates = RowDates()
    urls = {kind: url_by_pk("accounts:review", kind) for kind in ("license", "credential")}
    return table_rows(ROW, (_row(entry, dates, urls) for entry in items))


def _row(entry: QueueItem, dates: RowDates, urls: dict) -> tuple:
    item = entry.item
    jurisdiction = "—"
    if entry.row:  # a registered kind (renewals) says how its row reads
        person, email = item.holder.full_legal_name, item.holder.email
        submitted_at, summary, url = item.submitted_at, entry.row.summary, entry.row.url
        status = _badge("secondary", "", entry.row.status_label, entry.row.flag)
    else:  # a license or a credential, as selectors_review_queue.QueueItem reads them
        person, email, submitted_at = item["person"], item["email"], item["submitted_at"]
        url = urls[entry.kind](entry.pk)
        if entry.kind == "license":
            license_type = LICENSE_TYPES.get(item["license_type"], item["license_type"])
            summary = f"{license_type} · {item['number']}"
            jurisdiction = item["jurisdiction_name"]
        elif item["kind"] == SupportingCredential.Kind.CONTINUING_EDUCATION:
            summary = f"CE · {item['credit_hours']} h · {item['title']}"
        else:
            summary = f"{item['certification_code']} · {item['title']}"
        if entry.reverify:  # a verified license back for re-verification
            reason = escape(item["reverify_reason"])
            status = mark_safe(REVERIFY_BADGE.format(reason))  # noqa: S308
        else:
            label = STATUS_LABELS.get(item["status"], item["status"])
            status = _badge(status_tone(item["status"]), item["status"], label)
    return (
        f"{entry.kind}-{entry.pk}",
        dates.minute(submitted_at),
        person,
        email,
        summary,
        jurisdiction,
        status,
        url,
    )


def _badge(tone: str, status: str, label: str, flag: str = "") -> SafeString:
    """The status badge, with the status as data (tests and scripts read it) and a flag worth
    noticing ("CE audit") as a second badge with its text."""
    data = f' data-status="{escape(status)}"' if status else ""
    badge = f'<span class="badge text-bg-{tone}"{data}>{escape(str(label))}</span>'
    if flag:
        badge += f' <span class="badge text-bg-warning">{escape(flag)}</span>'
    return mark_safe(badge)  # noqa: S308 (every value escaped above)
