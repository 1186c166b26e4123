from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from . import review_queue_cache, review_sources
from .compiled_reads import CompiledRead
from .models import (
    OPEN_REVIEW_STATUSES,
    ApplicantProfile,
    AuditEntry,
    Jurisdiction,
    JurisdictionRule,
    LicenseType,
    MedicalLicense,
    ReviewStatus,
    SupportingCredential,
    User,
)


def people_for_role_admin() -> QuerySet[User]:
    """Everyone with their role groups, for the people page: two queries whatever the size."""
    return User.objects.order_by("full_legal_name", "email").prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("id", "name"))
    )


def people_matching(people: QuerySet[User], text: str) -> QuerySet[User]:
    """Those of `people` whose e-mail address or name contains `text`."""
    return people.filter(Q(email__icontains=text) | Q(full_legal_name__icontains=text))


# --- jurisdiction rules -------------------------------------------------------------------------


def current_rules(jurisdiction_ids) -> dict[int, JurisdictionRule]:
    """The rule version in force for each jurisdiction (the highest version), in two queries."""
    rules = (
        JurisdictionRule.objects.filter(jurisdiction_id__in=list(jurisdiction_ids))
        .select_related("jurisdiction")
        .prefetch_related("required_certifications")
        .order_by("jurisdiction_id", "-version")
    )
    current: dict[int, JurisdictionRule] = {}
    for rule in rules:
        current.setdefault(rule.jurisdiction_id, rule)
    return current


def current_rule(jurisdiction: Jurisdiction) -> JurisdictionRule | None:
    return current_rules([jurisdiction.pk]).get(jurisdiction.pk)


JURISDICTION_CHOICES_KEY = "accounts:jurisdiction-choices:v1"


def jurisdiction_choices() -> list[tuple[int, str]]:
    """Every jurisdiction as (pk, name), for filter selects: read from the shared cache, so a
    page that offers them costs no query. Forgotten whenever a jurisdiction is saved or deleted
    (`forget_jurisdiction_choices`, connected in accounts.apps); the timeout is a safety net."""
    choices = cache.get(JURISDICTION_CHOICES_KEY)
    if choices is None:
        choices = list(Jurisdiction.objects.order_by("name", "pk").values_list("pk", "name"))
        cache.set(JURISDICTION_CHOICES_KEY, choices, timeout=3600)
    return choices


def forget_jurisdiction_choices(**kwargs) -> None:
    cache.delete(JURISDICTION_CHOICES_KEY)


def jurisdictions_with_current_rules() -> list[tuple[Jurisdiction, JurisdictionRule | None]]:
    jurisdictions = list(Jurisdiction.objects.all())
    rules = current_rules(j.pk for j in jurisdictions)
    return [(j, rules.get(j.pk)) for j in jurisdictions]


def rule_history(jurisdiction: Jurisdiction) -> QuerySet[JurisdictionRule]:
    return jurisdiction.rules.select_related("created_by").prefetch_related(
        "required_certifications"
    )


# --- the applicant's submissions ----------------------------------------------------------------


def licenses_of(applicant: User) -> QuerySet[MedicalLicense]:
    return applicant.medical_licenses.select_related("jurisdiction", "reviewer").order_by(
        "-submitted_at"
    )


def credentials_of(applicant: User) -> QuerySet[SupportingCredential]:
    return applicant.supporting_credentials.select_related(
        "certification_type", "reviewer"
    ).order_by("-submitted_at")


def license_number_holder(
    *, jurisdiction: Jurisdiction, number: str, other_than: User
) -> MedicalLicense | None:
    """Another applicant's live license with this number in this jurisdiction, if any."""
    return (
        MedicalLicense.objects.filter(
            jurisdiction=jurisdiction,
            number_normalized=MedicalLicense.normalize_number(number),
        )
        .exclude(applicant=other_than)
        .exclude(status__in=[ReviewStatus.REJECTED, ReviewStatus.SUPERSEDED])
        .first()
    )


# --- eligibility: the qualifications step of the pathway ----------------------------------------


@dataclass(frozen=True)
class Point:
    """One condition of eligibility: what holds, or what is missing, in the applicant's words."""

    ok: bool
    text: str
    pending: bool = False  # waiting for a review rather than for the applicant
    returned: bool = False  # sent back to the applicant: a rejected submission to correct


@dataclass
class QualificationStatus:
    points: list[Point] = field(default_factory=list)
    license: MedicalLicense | None = None
    rule: JurisdictionRule | None = None

    @property
    def eligible(self) -> bool:
        return bool(self.points) and all(point.ok for point in self.points)

    @property
    def missing(self) -> list[Point]:
        return [point for point in self.points if not point.ok]

    def summary(self) -> str:
        return ", ".join(point.text for point in self.points)


def _months_ago(today: date, months: int) -> date:
    return today - relativedelta(months=months)


def _rule_points(
    license: MedicalLicense,
    rule: JurisdictionRule | None,
    credentials: list[SupportingCredential],
    today: date,
) -> list[Point]:
    """What the license's jurisdiction asks beyond the license itself."""
    where = license.jurisdiction.name
    kind = license.get_license_type_display()
    if rule is None:
        return [Point(False, f"no qualification rules are set for {where} yet", True)]
    points = []
    if not rule.accepts(license.license_type):
        points.append(Point(False, f"{kind} licenses do not qualify in {where}"))
    elif (
        license.license_type == LicenseType.REGISTERED_NURSE
        and rule.rn_requires_supervising_physician
        and not license.supervising_physician.strip()
    ):
        points.append(Point(False, f"a supervising physician must be named for an RN in {where}"))

    if rule.ce_hours_required > 0:
        since = _months_ago(today, rule.ce_window_months)
        ce = [c for c in credentials if c.kind == SupportingCredential.Kind.CONTINUING_EDUCATION]
        hours = sum(
            (
                c.credit_hours or Decimal(0)
                for c in ce
                if c.is_current(today) and c.completed_on >= since
            ),
            Decimal(0),
        )
        enough = hours >= rule.ce_hours_required
        pending = not enough and any(c.is_open_for_review() for c in ce)
        points.append(
            Point(
                enough,
                f"CE {hours.normalize():f} of {rule.ce_hours_required.normalize():f} hours "
                f"(last {rule.ce_window_months} months)",
                pending,
            )
        )

    for certification in rule.required_certifications.all():
        held = [c for c in credentials if c.certification_type_id == certification.pk]
        if any(c.is_current(today) for c in held):
            points.append(Point(True, f"{certification.code} verified"))
        elif any(c.is_open_for_review() for c in held):
            points.append(Point(False, f"{certification.code} under review", True))
        elif any(c.status in (ReviewStatus.VERIFIED, ReviewStatus.EXPIRED) for c in held):
            points.append(Point(False, f"{certification.code} expired"))
        else:
            points.append(Point(False, f"{certification.code} missing"))
    return points


def _license_state_point(licenses: list[MedicalLicense]) -> Point:
    """Why no license counts yet."""
    if any(lic.is_open_for_review() for lic in licenses):
        return Point(False, "license under review", True)
    if any(lic.status == ReviewStatus.REJECTED for lic in licenses):
        return Point(False, "license rejected: correct and resubmit it", returned=True)
    if any(lic.status == ReviewStatus.SUSPENDED for lic in licenses):
        return Point(False, "license suspended by its board")
    if any(lic.status == ReviewStatus.REVOKED for lic in licenses):
        return Point(False, "license revoked by its board")
    if any(lic.status == ReviewStatus.EXPIRED for lic in licenses):
        return Point(False, "license expired: submit your renewed license")
    return Point(False, "license missing")


def qualification_status(applicant: User, *, today: date | None = None) -> QualificationStatus:
    """Whether the applicant qualifies, point by point. Later steps and the dashboard reuse it.

    Qualifies: a complete profile, and a verified, unexpired license of a type its jurisdiction
    accepts (with a supervising physician for an RN where required), and that jurisdiction's CE
    hours and further certifications verified. A fixed number of queries.
    """
    today = today or timezone.localdate()
    has_profile = ApplicantProfile.objects.filter(user=applicant).exists()
    profile_point = Point(has_profile, "profile complete" if has_profile else "profile missing")
    licenses = list(licenses_of(applicant))
    credentials = list(credentials_of(applicant))

    current = [lic for lic in licenses if lic.is_current(today)]
    if not current:
        # Still say what the jurisdiction of the latest submission will ask for.
        latest = next((lic for lic in licenses if lic.status != ReviewStatus.SUPERSEDED), None)
        points = [profile_point, _license_state_point(licenses)]
        if latest is None:
            return QualificationStatus(points=points)
        rule = current_rules([latest.jurisdiction_id]).get(latest.jurisdiction_id)
        points += _rule_points(latest, rule, credentials, today)
        return QualificationStatus(points=points, rule=rule)

    rules = current_rules({lic.jurisdiction_id for lic in current})
    candidates = []
    for lic in current:
        rule = rules.get(lic.jurisdiction_id)
        verified = Point(
            True, f"license verified ({lic.get_license_type_display()}, {lic.jurisdiction.name})"
        )
        points = [profile_point, verified, *_rule_points(lic, rule, credentials, today)]
        candidates.append(QualificationStatus(points=points, license=lic, rule=rule))
    # The license that qualifies, or else the one closest to qualifying.
    return max(candidates, key=lambda s: (s.eligible, sum(point.ok for point in s.points)))


# --- the program admins' review queue -----------------------------------------------------------

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


def history_of(item) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(item), target_id=str(item.pk)
    ).select_related("actor")


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
    version = review_queue_cache.queue_version()
    total = review_queue_cache.kept(
        version, (*filters, "total"), lambda: _queue_total(_queue_branches(*filters))
    )
    page = Paginator(range(total), per_page).get_page(page_number)
    if not total:  # (an empty page starts at 0: no offset to read from)
        return page, []
    keys_on_page = review_queue_cache.kept(
        version,
        (*filters, per_page, page.number),
        lambda: _queue_page_keys(
            _queue_branches(*filters), offset=page.start_index() - 1, limit=per_page
        ),
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
    for row in _read_licenses(license_ids) if license_ids else ():
        by_key["license", row["pk"]] = by_key["reverify", row["pk"]] = row
    for row in _read_credentials(credential_ids) if credential_ids else ():
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
