"""How each session of the instructor's verification queue reads as a row of its page.

The cells are worked out here, once per row, from plain rows (selectors.verification_queue_page,
the page's areas and cohorts in one query each) and written as the table's rows
(accounts.listing.table_rows): per row, a `{% url %}`, two `date` filters, the cohort's and
program's names and a loop over the areas through the template's lookups cost most of the
page on the busiest instructor's queue."""

from django.utils.safestring import SafeString

from accounts.listing import RowDates, table_rows, url_by_pk

from . import selectors
from .models import HandsOnSession

ROLES = dict(HandsOnSession.Role.choices)

ROW = (
    '<tr data-session="{}">'
    '<td data-label="Submitted">{}</td>'
    '<td data-label="Trainee">{}<div class="small text-body-secondary">{}</div></td>'
    '<td data-label="Session">{} · {}{}</td>'
    '<td class="small" data-label="Areas">{}</td>'
    '<td class="text-end"><a class="btn btn-sm btn-primary" href="{}">Review</a></td>'
    "</tr>"
)
CORRECTION = SafeString(' <span class="badge text-bg-info">Correction</span>')


def verification_rows(sessions: list[dict]) -> SafeString:
    """The page's table rows (empty when nothing waits)."""
    dates = RowDates()
    areas = selectors.area_names_of_sessions([session["pk"] for session in sessions])
    cohorts = selectors.cohort_labels(session["cohort_id"] for session in sessions)
    url = url_by_pk("programs:review_session")
    return table_rows(
        ROW,
        (
            (
                session["pk"],
                dates.minute(session["submitted_at"]),
                session["trainee"],
                cohorts[session["cohort_id"]],
                dates.day(session["performed_on"]),
                ROLES.get(session["trainee_role"], session["trainee_role"]),
                CORRECTION if session["replaces_id"] is not None else "",
                ", ".join(areas.get(session["pk"], ())),
                url(session["pk"]),
            )
            for session in sessions
        ),
    )
