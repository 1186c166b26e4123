"""Each report as a table for the files: a header and its rows (plain Python values: text,
numbers, dates), read in chunks so a large registry streams instead of loading at once."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from ..models_reports import ReportExport
from . import ce_roster, monthly, registry

Kind = ReportExport.Kind
CHUNK = 2000


@dataclass
class Table:
    title: str
    header: list[str]
    rows: Iterator[list]
    total: int


REGISTRY_HEADER = [
    "Certificate number",
    "Holder",
    "E-mail",
    "Program",
    "License",
    "Jurisdiction (at issue)",
    "Issued on",
    "Expires on",
    "Status on the date",
]


def registry_row(certificate) -> list:
    snapshot = certificate.snapshot
    return [
        certificate.number,
        snapshot.get("holder_name") or certificate.holder.full_legal_name,
        certificate.holder.email,
        certificate.program.name,
        " ".join(filter(None, [snapshot.get("license_type"), snapshot.get("license_number")])),
        snapshot.get("jurisdiction", ""),
        certificate.issued_on,
        certificate.expires_on,
        registry.status_label(certificate.status_then),
    ]


def roster_header() -> list[str]:
    return [
        "Holder",
        "E-mail",
        *[f"{category.label} (h)" for category in ce_roster.CATEGORIES],
        "Total hours",
        "CE items",
    ]


def roster_cells(row: ce_roster.RosterRow) -> list:
    return [row.name, row.email, *row.hours, row.total, row.items]


MONTHLY_HEADER = [
    "Month",
    "Applications",
    "License verifications",
    "Written passed",
    "Written sat",
    "Written pass rate %",
    "Practical passed",
    "Practical sat",
    "Practical pass rate %",
    "Certificates issued",
    "of which renewals",
    "Certificates revoked",
]


def monthly_cells(row: monthly.MonthRow) -> list:
    return [
        f"{row.month:%Y-%m}",
        row.applications,
        row.verifications,
        row.written.passed,
        row.written.total,
        "" if row.written.percent is None else row.written.percent,
        row.practical.passed,
        row.practical.total,
        "" if row.practical.percent is None else row.practical.percent,
        row.issued,
        row.renewed,
        row.revoked,
    ]


def breakdown_cells(section: str, row: monthly.BreakdownRow) -> list:
    return [
        f"{row.month:%Y-%m}",
        section,
        row.name,
        row.rate.passed,
        row.rate.total,
        row.rate.percent,
    ]


def _chunked(queryset: QuerySet, convert) -> Iterator[list]:
    for item in queryset.iterator(chunk_size=CHUNK):
        yield convert(item)


def registry_table(filters: registry.RegistryFilters) -> Table:
    rows = registry.registry(filters)
    return Table(
        f"Registry on {filters.as_of:%Y-%m-%d}",
        REGISTRY_HEADER,
        _chunked(rows, registry_row),
        rows.count(),
    )


def roster_table(filters: ce_roster.RosterFilters) -> Table:
    rows = ce_roster.ce_roster(filters)
    return Table(
        f"CE roster {filters.date_from:%Y-%m-%d} to {filters.date_to:%Y-%m-%d}",
        roster_header(),
        _chunked(rows, lambda values: roster_cells(ce_roster.roster_row(values))),
        rows.count(),
    )


def monthly_table(first: date, last: date) -> Table:
    figures = monthly.monthly_figures(first, last)
    rows = [monthly_cells(row) for row in figures.months]
    rows.append([])
    rows.append(["Month", "Pass rates", "Exam or examiner", "Passed", "Sat", "Pass rate %"])
    for section, breakdown in (
        ("Written, per exam", figures.written_by_exam),
        ("Practical, per exam", figures.practical_by_exam),
        ("Practical, per examiner", figures.practical_by_examiner),
    ):
        rows += [breakdown_cells(section, row) for row in breakdown]
    return Table(
        f"Monthly figures {first:%Y-%m} to {last:%Y-%m}", MONTHLY_HEADER, iter(rows), len(rows)
    )
