"""The registry at any date: every certificate held on that day and the status it HAD then.

The status is derived in SQL from what is stored, never from today's status alone:
- held: issued (`issued_at`) by the end of the day and dated (`issued_on`) on or before it;
- revoked: the last revocation or reinstatement in the audit trail up to that day was a
  revocation (`revoked_at` when a row has no audit entry, e.g. rows made outside the services);
- superseded: replaced by its renewal (`superseded_at`) by then;
- expired: its expiry date before the day;
- suspended: on that day a license of the holder was under a board's action (the last
  LicenseAction dated on or before it was a suspension or a revocation; the board's action date
  counts, as on the board's own register), or the holder had no verified license in date;
- else valid.
The order is that of Certificate.public_status, so for today the registry says what the public
page says.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import AuditEntry, Jurisdiction, LicenseAction, MedicalLicense, ReviewStatus
from programs.models import TrainingProgram

from ..models import Certificate

Status = Certificate.PublicStatus
# What the registry lists: the statuses a held certificate can have on a day.
REGISTRY_STATUSES = [
    (Status.VALID.value, Status.VALID.label),
    (Status.EXPIRED.value, Status.EXPIRED.label),
    (Status.SUSPENDED.value, Status.SUSPENDED.label),
    (Status.REVOKED.value, Status.REVOKED.label),
    (Status.SUPERSEDED.value, Status.SUPERSEDED.label),
]
# A license that was verified at some point (what it became after stays a past verification).
ONCE_VERIFIED = (
    ReviewStatus.VERIFIED,
    ReviewStatus.EXPIRED,
    ReviewStatus.SUPERSEDED,
    ReviewStatus.SUSPENDED,
    ReviewStatus.REVOKED,
)
DISCIPLINE_KINDS = (LicenseAction.Kind.SUSPENDED, LicenseAction.Kind.REVOKED)


@dataclass(frozen=True)
class RegistryFilters:
    as_of: date
    program: TrainingProgram | None = None
    jurisdiction: Jurisdiction | None = None
    status: str = ""

    def as_parameters(self) -> dict:
        """JSON-safe, for a ReportExport row (and back through `from_parameters`)."""
        return {
            "as_of": self.as_of.isoformat(),
            "program": self.program.pk if self.program else None,
            "jurisdiction": self.jurisdiction.pk if self.jurisdiction else None,
            "status": self.status,
        }

    @classmethod
    def from_parameters(cls, parameters: dict) -> "RegistryFilters":
        program, jurisdiction = parameters.get("program"), parameters.get("jurisdiction")
        return cls(
            as_of=date.fromisoformat(parameters["as_of"]),
            program=TrainingProgram.objects.get(pk=program) if program else None,
            jurisdiction=Jurisdiction.objects.get(pk=jurisdiction) if jurisdiction else None,
            status=parameters.get("status") or "",
        )


def end_of(day: date) -> datetime:
    """The first instant after `day` in the site's time zone: "by that day" is `< end_of(day)`."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _last_revocation_action(end: datetime) -> Subquery:
    entries = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Certificate),
        target_id=Cast(OuterRef("pk"), CharField()),
        action__in=("certificate.revoked", "certificate.reinstated"),
        at__lt=end,
    ).order_by("-at", "-id")
    return Subquery(entries.values("action")[:1])


def _disciplined_on(day: date) -> Exists:
    last_kind = Subquery(
        LicenseAction.objects.filter(license=OuterRef("pk"), action_date__lte=day)
        .order_by("-action_date", "-at", "-id")
        .values("kind")[:1]
    )
    return Exists(
        MedicalLicense.objects.filter(applicant=OuterRef("holder_id"))
        .annotate(last_kind=last_kind)
        .filter(last_kind__in=DISCIPLINE_KINDS)
    )


def _licensed_on(day: date, end: datetime) -> Exists:
    return Exists(
        MedicalLicense.objects.filter(
            applicant=OuterRef("holder_id"),
            status__in=ONCE_VERIFIED,
            reviewed_at__lt=end,
            expires_on__gte=day,
        )
    )


def held_on(day: date) -> QuerySet[Certificate]:
    """Certificates held on `day`, each annotated with `status_then` (a PublicStatus value)."""
    end = end_of(day)
    revoked = Q(last_revocation="certificate.revoked") | Q(
        last_revocation__isnull=True, revoked_at__lt=end
    )
    superseded = Q(superseded_at__lt=end) | Q(
        status=Certificate.Status.SUPERSEDED, superseded_at__isnull=True
    )
    return (
        Certificate.objects.filter(issued_at__lt=end, issued_on__lte=day)
        .annotate(
            last_revocation=_last_revocation_action(end),
            disciplined=_disciplined_on(day),
            licensed=_licensed_on(day, end),
        )
        .annotate(
            status_then=Case(
                When(revoked, then=Value(Status.REVOKED.value)),
                When(superseded, then=Value(Status.SUPERSEDED.value)),
                When(expires_on__lt=day, then=Value(Status.EXPIRED.value)),
                When(
                    Q(disciplined=True) | Q(licensed=False),
                    then=Value(Status.SUSPENDED.value),
                ),
                default=Value(Status.VALID.value),
                output_field=CharField(),
            )
        )
    )


def registry(filters: RegistryFilters) -> QuerySet[Certificate]:
    """The registry's rows in a stable order (program, holder, number), filtered."""
    rows = held_on(filters.as_of)
    if filters.program is not None:
        rows = rows.filter(program=filters.program)
    if filters.jurisdiction is not None:
        # Holders licensed in the jurisdiction (a license verified at some point), so a board
        # sees everyone practising under its licenses, also those licensed elsewhere too.
        rows = rows.filter(
            Exists(
                MedicalLicense.objects.filter(
                    applicant=OuterRef("holder_id"),
                    jurisdiction=filters.jurisdiction,
                    status__in=ONCE_VERIFIED,
                )
            )
        )
    if filters.status:
        rows = rows.filter(status_then=filters.status)
    return rows.select_related("program", "holder").order_by(
        "program__name", "holder__full_legal_name", "number", "pk"
    )


def status_counts(filters: RegistryFilters) -> dict[str, int]:
    """How many certificates had each status that day (status filter aside): one GROUP BY."""
    unfiltered = RegistryFilters(filters.as_of, filters.program, filters.jurisdiction)
    counts = dict(
        registry(unfiltered)
        .order_by()
        .values("status_then")
        .annotate(n=Count("pk"))
        .values_list("status_then", "n")
    )
    return {value: counts.get(value, 0) for value, _ in REGISTRY_STATUSES}


def status_label(value: str) -> str:
    return Status(value).label
