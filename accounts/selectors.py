from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
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


def history_of(item) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(item), target_id=str(item.pk)
    ).select_related("actor")
