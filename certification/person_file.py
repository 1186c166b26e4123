"""A person's file for program admins: every step, every record and the audit history of one
person, read from each app's models in a fixed number of queries (one per kind of record).

It lives in the top layer because it composes every app; each row carries the address of the
staff page where that record is handled, when there is one.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404

from accounts.access import roles_of
from accounts.models import AuditEntry, MedicalLicense, SupportingCredential, User
from accounts.selectors_audit import person_history
from exams.models import Attempt, PracticalSitting
from programs.models import Enrollment, HandsOnSession, ModuleCompletion

from .models import Appeal, Certificate, Renewal
from .pathway import Step, pathway_for


@dataclass
class HandsOnSummary:
    enrollment: Enrollment
    verified: int = 0
    waiting: int = 0
    returned: int = 0
    verified_minutes: int = 0

    @property
    def verified_hours(self) -> str:
        return f"{self.verified_minutes / 60:.1f}"


@dataclass
class PersonFile:
    person: User
    roles: list
    steps: list[Step]
    licenses: list[MedicalLicense]
    credentials: list[SupportingCredential]
    enrollments: list[Enrollment]
    modules: list[ModuleCompletion]
    hands_on: list[HandsOnSummary]
    attempts: list[Attempt]
    sittings: list[PracticalSitting]
    certificates: list[Certificate]
    history: list[AuditEntry] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)
    renewals: list[Renewal] = field(default_factory=list)


def person_for_admin(pk: int) -> User:
    return get_object_or_404(User.objects.select_related("profile"), pk=pk)


def _hands_on_summaries(enrollments: list[Enrollment]) -> list[HandsOnSummary]:
    summaries = {e.pk: HandsOnSummary(enrollment=e) for e in enrollments}
    Status = HandsOnSession.Status
    counts = (
        HandsOnSession.objects.filter(enrollment__in=list(summaries))
        .values("enrollment_id", "status")
        .annotate(n=Count("id"), minutes=Sum("duration_minutes"))
    )
    for row in counts:
        summary = summaries[row["enrollment_id"]]
        status = row["status"]
        if status == Status.VERIFIED:
            summary.verified += row["n"]
            summary.verified_minutes += row["minutes"] or 0
        elif status == Status.SUBMITTED:
            summary.waiting += row["n"]
        elif status == Status.RETURNED:
            summary.returned += row["n"]
        # Superseded sessions were replaced by their correction, which is counted instead.
    return [s for s in summaries.values() if s.verified or s.waiting or s.returned]


def person_file(person: User) -> PersonFile:
    enrollments = list(
        Enrollment.objects.filter(applicant=person)
        .select_related("cohort", "program")
        .order_by("-applied_at", "-id")
    )
    return PersonFile(
        person=person,
        roles=roles_of(person),
        steps=pathway_for(person),
        licenses=list(
            MedicalLicense.objects.filter(applicant=person).select_related("jurisdiction")
        ),
        credentials=list(
            SupportingCredential.objects.filter(applicant=person).select_related(
                "certification_type"
            )
        ),
        enrollments=enrollments,
        modules=list(
            ModuleCompletion.objects.filter(enrollment__applicant=person)
            .select_related("module", "enrollment__cohort", "recorded_by")
            .order_by("enrollment_id", "module__position", "module_id")
        ),
        hands_on=_hands_on_summaries(enrollments),
        attempts=list(
            Attempt.objects.filter(candidate=person)
            .select_related("exam__program")
            .order_by("-started_at", "-id")
        ),
        sittings=list(
            PracticalSitting.objects.filter(candidate=person)
            .select_related("program")
            .order_by("-starts_at", "-id")
        ),
        certificates=list(
            Certificate.objects.filter(holder=person)
            .select_related("program")
            .order_by("-created_at", "-id")
        ),
        history=person_history(person),
        appeals=list(Appeal.objects.filter(appellant=person).select_related("decided_by")),
        renewals=_renewals(person),
    )


def _renewals(person: User) -> list[Renewal]:
    """Their renewals, newest first, each with its certificate, reviewer and how many CE items
    still lack a proof (what an audited renewal waits for): one query."""
    return list(
        Renewal.objects.filter(holder=person)
        .select_related("certificate", "reviewer", "new_certificate")
        .annotate(
            ce_item_count=Count("ce_items"),
            proofs_missing=Count("ce_items", filter=Q(ce_items__proof="")),
        )
        .order_by("-created_at", "-id")
    )
