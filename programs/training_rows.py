"""How the trainee's training page reads: the case log's rows and the coverage grid.

The cells are worked out here, once per row, from plain rows (selectors.case_log) and written as
the tables' rows (accounts.listing.table_rows): on the national seed's longest case log the
page rendered ~14,800 template nodes a view (per session, an include of the status badge, a
`{% url %}`, a `date` filter, three `get_*_display` calls and a loop over its areas with
`floatformat`; per area, a loop over the six skin types), ~70% of its CPU time.

A session's status badge is written by `session_status_badge` here on every page that shows
one (the `session_status_badge` template tag), so the case log and the session's own pages
cannot drift apart."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from accounts.listing import RowDates, table_rows, url_by_pk

from .models import HandsOnSession
from .selectors import CoverageRow

# The Bootstrap tone of each session status's badge; the others (waiting) read as "secondary".
STATUS_TONES = {
    HandsOnSession.Status.VERIFIED: "success",
    HandsOnSession.Status.RETURNED: "warning",
    HandsOnSession.Status.SUPERSEDED: "light border",
}
STATUS_LABELS = dict(HandsOnSession.Status.choices)
SKIN_TYPES = dict(HandsOnSession.SkinType.choices)
GOALS = dict(HandsOnSession.Goal.choices)
ROLES = dict(HandsOnSession.Role.choices)

ROW = (
    '<tr data-session="{}">'
    '<td><a href="{}">{}</a></td>'
    '<td class="small">{}</td>'
    "<td>{}</td>"
    '<td class="small">{}</td>'
    '<td class="small">{}</td>'
    '<td class="small">{}</td>'
    "<td>{}</td>"
    "</tr>"
)
COVERAGE_ROW = '<tr><th scope="row" class="text-start">{}</th>{}<td class="{}">{}{}</td></tr>'
COVERED = '<td class="table-success">{}</td>'
NOT_COVERED = SafeString('<td class="text-body-secondary">·</td>')


def session_status_badge(status: str) -> SafeString:
    """A session's status as a badge; `data-status` is the status's value, for tests and
    scripts (an unknown value reads as itself, as `get_status_display` does)."""
    return format_html(
        '<span class="badge text-bg-{}" data-status="{}">{}</span>',
        STATUS_TONES.get(status, "secondary"),
        status,
        STATUS_LABELS.get(status, status),
    )


def units(value: Decimal) -> str:
    """Units as the template's `floatformat:"-1"` writes them (20.0 is "20", 7.5 is "7.5"),
    without its locale look-ups: a session's units have one decimal place."""
    text = f"{value.quantize(_TENTH, ROUND_HALF_UP):f}"
    return text[:-2] if text.endswith(".0") else text


_TENTH = Decimal("0.1")


def case_log_rows(sessions: list[dict]) -> SafeString:
    """The case log's table rows, as selectors.case_log reads them (empty when nothing is
    logged)."""
    dates = RowDates()
    url = url_by_pk("programs:session")
    badges = {}  # a handful of statuses: each badge written once per page
    rows = []
    for session in sessions:
        status = session["status"]
        if status not in badges:
            badges[status] = session_status_badge(status)
        areas = format_html_join(
            ", ", "{} ({} U)", ((name, units(amount)) for name, amount in session["areas"])
        )
        rows.append(
            (
                session["pk"],
                url(session["pk"]),
                dates.day(session["performed_on"]),
                areas,
                SKIN_TYPES.get(session["skin_type"], session["skin_type"]),
                GOALS.get(session["goal"], session["goal"]),
                ROLES.get(session["trainee_role"], session["trainee_role"]),
                session["supervisor_name"],
                badges[status],
            )
        )
    return table_rows(ROW, rows)


def coverage_rows(coverage: list[CoverageRow]) -> SafeString:
    """The coverage grid's rows: per treatment area, its verified sessions performed on each
    Fitzpatrick type, then against the area's own minimum (empty when the program has no
    areas)."""
    return table_rows(
        COVERAGE_ROW,
        (
            (
                row.area.name,
                mark_safe(  # noqa: S308 (counts are integers)
                    "".join(COVERED.format(n) if n else NOT_COVERED for n in row.counts)
                ),
                "" if row.met else "table-warning",
                row.performed,
                f" / {row.area.min_sessions_performed}" if row.area.min_sessions_performed else "",
            )
            for row in coverage
        ),
    )
