"""The program admins' review queue: open submissions of every kind, oldest first, filterable.

The queue merges several tables (licenses, supporting credentials, licenses back for
re-verification, and the kinds later apps register: accounts/review_sources.py) and reads each
only as far as the page needs. Its order (the total and each page's keys) is kept in the cache
while nothing queued changes (accounts/review_queue_cache.py); the rows on the page are read on
every view, with SQL compiled once per process (accounts/compiled_reads.py).
"""

from dataclasses import dataclass
from functools import cache as cache_in_call

from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Exists, F, OuterRef, QuerySet

from . import review_queue_cache, review_sources
from .compiled_reads import CompiledRead
from .models import OPEN_REVIEW_STATUSES, MedicalLicense, ReviewStatus, SupportingCredential

QUEUE_KINDS = {
    "license": "Medical licenses",
    SupportingCredential.Kind.CONTINUING_EDUCATION: "CE certificates",
    SupportingCredential.Kind.CERTIFICATION: "Certifications",
}


def queue_kinds() -> dict[str, str]:
    """Every kind the queue can be filtered by: the submissions here, then registered ones."""
    return {**QUEUE_KINDS, **{source.kind: source.label for source in review_sources.sources()}}


def reverify_due() -> QuerySet[MedicalLicense]:
    """Verified licenses back in the queue for re-verification (accounts/discipline.py)."""
    return MedicalLicense.objects.filter(
        reverify_requested_at__isnull=False, status=ReviewStatus.VERIFIED
    )


@dataclass
class QueueItem:
    kind: str
    pk: int
    # The row as its page shows it: a dict of a license's or a credential's columns
    # (`_read_licenses`, `_read_credentials`), or a registered source's row.
    item: object
    row: review_sources.QueueRow | None = None  # how a registered source's row reads
    reverify: bool = False  # a verified license back for re-verification


# What a row of the queue shows (accounts/review_rows.py), and nothing else: the rows' documents,
# notes and decisions are read on the item's own page. Compiled once per number of rows.
def _licenses_on_page(ids: list[int]) -> QuerySet:
    return MedicalLicense.objects.filter(pk__in=ids).values(
        "pk",
        "status",
        "submitted_at",
        "license_type",
        "number",
        "reverify_reason",
        person=F("applicant__full_legal_name"),
        email=F("applicant__email"),
        jurisdiction_name=F("jurisdiction__name"),
    )


def _credentials_on_page(ids: list[int]) -> QuerySet:
    return SupportingCredential.objects.filter(pk__in=ids).values(
        "pk",
        "status",
        "submitted_at",
        "kind",
        "credit_hours",
        "title",
        person=F("applicant__full_legal_name"),
        email=F("applicant__email"),
        certification_code=F("certification_type__code"),
    )


_read_licenses = CompiledRead(_licenses_on_page)
_read_credentials = CompiledRead(_credentials_on_page)


def review_queue(
    *,
    kind: str = "",
    license_type: str = "",
    jurisdiction_id: int | None = None,
    page_number=1,
    per_page: int = 25,
) -> tuple[Page, list[QueueItem]]:
    """Open submissions of every kind, oldest first, in a fixed number of queries: the queue's
    order (its total and the page's keys) from the cache while nothing queued has changed
    (accounts/review_queue_cache.py), then the rows on the page."""
    filters = (kind, license_type, jurisdiction_id)
    branches = cache_in_call(lambda: _queue_branches(*filters))  # compiled on a miss only
    version = review_queue_cache.queue_version()
    total = review_queue_cache.kept(version, (*filters, "total"), lambda: _queue_total(branches()))
    page = Paginator(range(total), per_page).get_page(page_number)
    if not total:  # (an empty page starts at 0: no offset to read from)
        return page, []
    keys_on_page = review_queue_cache.kept(
        version,
        (*filters, per_page, page.number),
        lambda: _queue_page_keys(branches(), offset=page.start_index() - 1, limit=per_page),
    )
    return page, _queue_items(keys_on_page)


def _queue_branches(
    kind: str, license_type: str, jurisdiction_id: int | None
) -> list[tuple[str, tuple[str, tuple]]]:
    """Every kind's open rows under the filters, as (queue kind, SQL selecting (row_id,
    waiting_since)); a kind filtered out is left out."""
    licenses = MedicalLicense.objects.filter(status__in=OPEN_REVIEW_STATUSES)
    credentials = SupportingCredential.objects.filter(status__in=OPEN_REVIEW_STATUSES)
    reverify = reverify_due()
    if license_type:
        licenses = licenses.filter(license_type=license_type)
        reverify = reverify.filter(license_type=license_type)
        credentials = credentials.none()
    if jurisdiction_id:
        licenses = licenses.filter(jurisdiction_id=jurisdiction_id)
        reverify = reverify.filter(jurisdiction_id=jurisdiction_id)
        credentials = credentials.filter(
            Exists(
                MedicalLicense.objects.filter(
                    applicant_id=OuterRef("applicant_id"), jurisdiction_id=jurisdiction_id
                )
            )
        )
    if kind == "license":
        credentials = credentials.none()
    elif kind in SupportingCredential.Kind.values:
        licenses = licenses.none()
        reverify = reverify.none()
        credentials = credentials.filter(kind=kind)

    # Registered kinds (renewals, ...): not filtered by license type; by jurisdiction through
    # the person's licenses, as credentials are; alone when their kind is chosen.
    registered = []
    for source in review_sources.sources():
        rows = source.open_rows()
        if license_type or (kind and kind != source.kind):
            continue
        if jurisdiction_id:
            rows = rows.filter(
                Exists(
                    MedicalLicense.objects.filter(
                        applicant_id=OuterRef(source.person_field), jurisdiction_id=jurisdiction_id
                    )
                )
            )
        registered.append((source.kind, rows, "submitted_at"))
    if kind in {source_kind for source_kind, _, _ in registered}:
        licenses, credentials, reverify = licenses.none(), credentials.none(), reverify.none()

    # Every source's open rows as (row_id, at), oldest first on its partial index: counted in one
    # statement and merged in another, which reads only as far into each source as the page
    # needs. (A sorted UNION of every open row read the whole queue; a count and a read per
    # table cost two queries per source, each about 0.7 ms of Python.)
    branches = [
        ("license", licenses, "submitted_at"),
        ("credential", credentials, "submitted_at"),
        *registered,
        # A re-verification waits from when it was asked for, not from the first submission.
        ("reverify", reverify, "reverify_requested_at"),
    ]
    # A kind filtered out (`.none()`) has no SQL: it is left out of the statements.
    return [
        (queue_kind, _compiled(rows, at_field))
        for queue_kind, rows, at_field in branches
        if not rows.query.is_empty()
    ]


def _queue_items(keys_on_page: list[tuple[str, int]]) -> list[QueueItem]:
    """The page's rows, in the queue's order: one query per kind on the page."""
    license_ids = [pk for queue_kind, pk in keys_on_page if queue_kind in ("license", "reverify")]
    credential_ids = [pk for queue_kind, pk in keys_on_page if queue_kind == "credential"]
    by_key = {}
    for row in _read_licenses.dicts(license_ids) if license_ids else ():
        by_key["license", row["pk"]] = by_key["reverify", row["pk"]] = row
    for row in _read_credentials.dicts(credential_ids) if credential_ids else ():
        by_key["credential", row["pk"]] = row
    sources = {source.kind: source for source in review_sources.sources()}
    for source_kind, source in sources.items():
        ids = [pk for queue_kind, pk in keys_on_page if queue_kind == source_kind]
        if ids:
            for pk, item in source.load(ids).items():
                by_key[source_kind, pk] = item
    return [
        QueueItem(
            "license" if queue_kind == "reverify" else queue_kind,
            pk,
            item,
            sources[queue_kind].row(item) if queue_kind in sources else None,
            reverify=queue_kind == "reverify",
        )
        for queue_kind, pk in keys_on_page
        if (item := by_key.get((queue_kind, pk))) is not None
    ]


# The two statements below are written around querysets compiled by Django (their values stay
# parameters) and numbers of our own: nothing from the request enters the SQL text (S608).


def _compiled(rows: QuerySet, at_field: str) -> tuple[str, tuple]:
    """The source's rows as SQL selecting (row_id, waiting_since)."""
    rows = rows.order_by().annotate(row_id=F("pk"), waiting_since=F(at_field))
    sql, params = (
        rows.values("row_id", "waiting_since").query.get_compiler(DEFAULT_DB_ALIAS).as_sql()
    )
    return sql, tuple(params)


def _queue_total(compiled) -> int:
    """How many rows the sources hold together, in one statement (on PostgreSQL an index-only
    count per source, on the partial indexes of the open rows)."""
    if not compiled:
        return 0
    parts, params = [], []
    for n, (_, (sql, part_params)) in enumerate(compiled):
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS source_{n})")  # noqa: S608
        params += part_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(parts), params)
        return cursor.fetchone()[0]


def _queue_page_keys(compiled, *, offset: int, limit: int) -> list[tuple[str, int]]:
    """The page's rows, as (queue kind, pk), oldest first across every source: one UNION ALL
    of each source's oldest `offset + limit` rows, merged and cut in SQL."""
    if not compiled:
        return []
    parts, params = [], []
    for n, (_, (sql, part_params)) in enumerate(compiled):
        # The source's number is written into the SQL (it is ours, not the request's); the
        # wrapping SELECTs keep each branch's ORDER BY and LIMIT legal on SQLite too.
        parts.append(
            f"SELECT * FROM (SELECT {n} AS source, row_id, waiting_since FROM ({sql}) AS rows_{n}"  # noqa: S608
            f" ORDER BY waiting_since, row_id LIMIT %s) AS oldest_{n}"
        )
        params += (*part_params, offset + limit)
    sql = (
        f"SELECT source, row_id, waiting_since FROM ({' UNION ALL '.join(parts)}) AS queue"  # noqa: S608
        " ORDER BY waiting_since, row_id, source LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, limit, offset))
        return [(compiled[source][0], row_id) for source, row_id, _ in cursor.fetchall()]
