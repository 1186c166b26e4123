"""Appeals: a person contests one decision, and an admin who did not make it decides.

What can be appealed, within the window: a rejected license or credential (the window of
settings.APPEAL_WINDOW_DAYS, no program sets it), a failed written attempt or practical sitting,
and a revoked certificate (the program's CertificatePolicy.appeal_window_days). It lives in the
top layer because its outcomes reach into accounts, exams and certificates.

The original decision is never edited: the appeal copies what it said, and each outcome is a new,
audited action through the service that owns the record (verify_on_appeal, grant_accommodation,
reinstate_certificate). Both sides are e-mailed the outcome.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import audit, pathway_versions
from accounts.access import has_role
from accounts.discipline import verify_on_appeal
from accounts.emails import queue_email, render_email
from accounts.errors import DomainError
from accounts.models import MedicalLicense, ReviewStatus, SupportingCredential
from accounts.roles import Role
from exams.models import Attempt, PracticalSitting
from exams.services.written import grant_accommodation

from .decisions import reinstate_certificate
from .models import Appeal, Certificate, CertificatePolicy

Kind, Outcome = Appeal.Kind, Appeal.Status
FIELD_OF = {
    Kind.LICENSE: "license",
    Kind.CREDENTIAL: "credential",
    Kind.WRITTEN: "attempt",
    Kind.PRACTICAL: "sitting",
    Kind.REVOCATION: "certificate",
}
MODEL_OF = {
    Kind.LICENSE: MedicalLicense,
    Kind.CREDENTIAL: SupportingCredential,
    Kind.WRITTEN: Attempt,
    Kind.PRACTICAL: PracticalSitting,
    Kind.REVOCATION: Certificate,
}
# What an admin may decide on each kind: results are never rescored in place, so a failed exam
# is confirmed or annulled with a free resit; a revocation is confirmed or the certificate
# reinstated; a rejection is confirmed or overturned (the item verified).
OUTCOMES = {
    Kind.LICENSE: (Outcome.CONFIRMED, Outcome.OVERTURNED),
    Kind.CREDENTIAL: (Outcome.CONFIRMED, Outcome.OVERTURNED),
    Kind.WRITTEN: (Outcome.CONFIRMED, Outcome.RESIT_GRANTED),
    Kind.PRACTICAL: (Outcome.CONFIRMED, Outcome.RESIT_GRANTED),
    Kind.REVOCATION: (Outcome.CONFIRMED, Outcome.REINSTATED),
}


def _owner_id(kind: str, target) -> int:
    name = {Kind.WRITTEN: "candidate_id", Kind.PRACTICAL: "candidate_id"}.get(kind)
    if kind == Kind.REVOCATION:
        name = "holder_id"
    return getattr(target, name or "applicant_id")


def _program_id(kind: str, target) -> int | None:
    if kind == Kind.WRITTEN:
        return target.exam.program_id
    if kind in (Kind.PRACTICAL, Kind.REVOCATION):
        return target.program_id
    return None


def window_days(program_id: int | None) -> int:
    if program_id is not None:
        days = (
            CertificatePolicy.objects.filter(program_id=program_id)
            .values_list("appeal_window_days", flat=True)
            .first()
        )
        if days is not None:
            return days
    return settings.APPEAL_WINDOW_DAYS


def decision_of(kind: str, target) -> tuple[bool, datetime | None, str, object]:
    """(appealable now, when decided, what was decided, who decided) for one target."""
    if kind in (Kind.LICENSE, Kind.CREDENTIAL):
        return (
            target.status == ReviewStatus.REJECTED,
            target.reviewed_at,
            f"Rejected: {target.rejection_reason}",
            target.reviewer,
        )
    if kind == Kind.WRITTEN:
        failed = target.status == Attempt.Status.SUBMITTED and target.passed is False
        return failed, target.submitted_at, f"Not passed ({target.score_percent}%)", None
    if kind == Kind.PRACTICAL:
        failed = target.status == PracticalSitting.Status.FAILED
        score = f"{target.weighted_score} against a cut of {target.cut_score}"
        return failed, target.result_at or target.ends_at, f"Not passed ({score})", None
    return (
        target.status == Certificate.Status.REVOKED,
        target.revoked_at,
        f"Revoked: {target.revocation_reason}",
        target.revoked_by,
    )


def appeal_closes_at(kind: str, target) -> datetime | None:
    _, decided_at, _, _ = decision_of(kind, target)
    if decided_at is None:
        return None
    return decided_at + timedelta(days=window_days(_program_id(kind, target)))


@transaction.atomic
def file_appeal(
    *, actor, kind: str, target, statement: str, document=None, document_content_type=""
) -> Appeal:
    statement = (statement or "").strip()
    if not statement:
        raise DomainError("Say why you appeal; the deciding admin reads it.")
    if kind not in MODEL_OF:
        raise DomainError("This decision cannot be appealed.")
    # The target row is locked so that two submissions of the same appeal meet here.
    target = MODEL_OF[kind].objects.select_for_update().get(pk=target.pk)
    if _owner_id(kind, target) != actor.pk:
        raise DomainError("You can only appeal decisions about yourself.")
    appealable, decided_at, decision, decided_by = decision_of(kind, target)
    if not appealable:
        raise DomainError("This decision is not one that can be appealed (any more).")
    closes = appeal_closes_at(kind, target)
    if closes is None or timezone.now() > closes:
        raise DomainError("The appeal window for this decision has closed.")
    field = FIELD_OF[kind]
    if Appeal.objects.filter(**{field: target}, status=Outcome.PENDING).exists():
        raise DomainError("An appeal against this decision is already waiting for a decision.")
    appeal = Appeal(
        appellant=actor,
        kind=kind,
        statement=statement,
        original_decision=decision[:4000],
        original_decided_by=decided_by,
        **{field: target},
    )
    if document:
        appeal.document = document
        appeal.document_name = document.name[:200]
        appeal.document_content_type = document_content_type
    appeal.save()
    audit.record(
        actor=actor,
        action="appeal.filed",
        target=appeal,
        to_state=Outcome.PENDING,
        reason=statement,
        data={"kind": kind, field: target.pk},
    )
    return appeal


def _apply(appeal: Appeal, outcome: str, actor, reason: str) -> None:
    if outcome == Outcome.OVERTURNED:
        verify_on_appeal(item=appeal.license or appeal.credential, actor=actor, appeal_id=appeal.pk)
    elif outcome == Outcome.RESIT_GRANTED and appeal.kind == Kind.WRITTEN:
        # The failed attempt stays on record; one more attempt is granted on top of the round.
        grant_accommodation(
            exam=appeal.attempt.exam,
            candidate=appeal.appellant,
            extra_minutes=0,
            extra_attempts=1,
            reason=f"Free resit granted on appeal #{appeal.pk}: {reason}",
            actor=actor,
        )
    elif outcome == Outcome.RESIT_GRANTED:
        # The failed sitting is annulled: it uses no attempt, like a cancelled one. Its scores
        # and locked result stay on the row; the audit entry says it was failed before.
        sitting = appeal.sitting
        annulled = PracticalSitting.objects.filter(
            pk=sitting.pk, status=PracticalSitting.Status.FAILED
        ).update(status=PracticalSitting.Status.CANCELLED)
        if annulled != 1:
            raise DomainError("This sitting is no longer a failed one; nothing was changed.")
        pathway_versions.applicants_changed([sitting.candidate_id])
        audit.record(
            actor=actor,
            action="practical_sitting.annulled_on_appeal",
            target=sitting,
            from_state=PracticalSitting.Status.FAILED,
            to_state=PracticalSitting.Status.CANCELLED,
            reason=reason,
            data={"appeal": appeal.pk},
        )
    elif outcome == Outcome.REINSTATED:
        reinstate_certificate(
            certificate=appeal.certificate, actor=actor, reason=f"On appeal #{appeal.pk}: {reason}"
        )


@transaction.atomic
def decide_appeal(*, appeal: Appeal, actor, outcome: str, reason: str) -> Appeal:
    """Decide a pending appeal. Refused to the admin who made the decision appealed against."""
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can decide an appeal.")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give the reasons for the decision; both sides read them.")
    # Lock the appeal row only: PostgreSQL refuses FOR UPDATE on the nullable side of the joins.
    current = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related(
            "appellant",
            "original_decided_by",
            "license",
            "credential",
            "attempt__exam",
            "sitting",
            "certificate",
        )
        .get(pk=appeal.pk)
    )
    if actor.pk in (current.original_decided_by_id, current.appellant_id):
        raise DomainError(
            "An admin other than the one who made the decision (and not the appellant) must "
            "decide this appeal."
        )
    if (
        current.kind == Kind.PRACTICAL
        and current.sitting.assignments.filter(examiner=actor).exists()
    ):
        raise DomainError("You examined this sitting; another admin must decide this appeal.")
    if current.status != Outcome.PENDING:
        raise DomainError("This appeal was already decided; nothing was changed.")
    if outcome not in OUTCOMES[current.kind]:
        raise DomainError("That outcome does not apply to this kind of appeal.")
    _apply(current, outcome, actor, reason)
    current.status = outcome
    current.decided_by, current.decided_at, current.decision_reason = actor, timezone.now(), reason
    current.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit.record(
        actor=actor,
        action=f"appeal.{outcome}",
        target=current,
        from_state=Outcome.PENDING,
        to_state=outcome,
        reason=reason,
    )
    _tell_both_sides(current)
    return current


def _tell_both_sides(appeal: Appeal) -> None:
    people = [appeal.appellant]
    if appeal.original_decided_by and appeal.original_decided_by.email:
        people.append(appeal.original_decided_by)
    for person in people:
        subject, body = render_email(
            "appeal_decided",
            {"user": person, "appeal": appeal, "is_appellant": person == appeal.appellant},
        )
        queue_email(to=person.email, subject=subject, body=body)


@transaction.atomic
def set_appeal_window(*, program, days: int, actor) -> CertificatePolicy:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can set the appeal window.")
    if not 1 <= days <= 365:
        raise DomainError("The appeal window is 1 to 365 days.")
    policy, _ = CertificatePolicy.objects.get_or_create(program=program)
    policy = CertificatePolicy.objects.select_for_update().get(pk=policy.pk)
    before = policy.appeal_window_days
    if before == days:
        return policy
    policy.appeal_window_days = days
    policy.save(update_fields=["appeal_window_days"])
    audit.record(
        actor=actor,
        action="certificate_policy.appeal_window_changed",
        target=policy,
        from_state=str(before),
        to_state=str(days),
    )
    return policy


def open_decisions(person) -> list[tuple[str, object, str, datetime]]:
    """The decisions about this person that they may still appeal: (kind, record, what was
    decided, when the window closes). A fixed number of queries (one per kind, the windows,
    the pending appeals)."""
    candidates = [
        *(
            (Kind.LICENSE, t)
            for t in MedicalLicense.objects.filter(applicant=person, status=ReviewStatus.REJECTED)
        ),
        *(
            (Kind.CREDENTIAL, t)
            for t in SupportingCredential.objects.filter(
                applicant=person, status=ReviewStatus.REJECTED
            )
        ),
        *(
            (Kind.WRITTEN, t)
            for t in Attempt.objects.filter(
                candidate=person, status=Attempt.Status.SUBMITTED, passed=False
            ).select_related("exam")
        ),
        *(
            (Kind.PRACTICAL, t)
            for t in PracticalSitting.objects.filter(
                candidate=person, status=PracticalSitting.Status.FAILED
            )
        ),
        *(
            (Kind.REVOCATION, t)
            for t in Certificate.objects.filter(holder=person, status=Certificate.Status.REVOKED)
        ),
    ]
    windows = dict(CertificatePolicy.objects.values_list("program_id", "appeal_window_days"))
    pending = {
        (kind, getattr(a, f"{FIELD_OF[kind]}_id"))
        for a in Appeal.objects.filter(appellant=person, status=Outcome.PENDING)
        for kind in (a.kind,)
    }
    now, found = timezone.now(), []
    for kind, target in candidates:
        _, decided_at, decision, _ = decision_of(kind, target)
        if decided_at is None or (kind, target.pk) in pending:
            continue
        days = windows.get(_program_id(kind, target), settings.APPEAL_WINDOW_DAYS)
        closes = decided_at + timedelta(days=days)
        if now <= closes:
            found.append((kind, target, decision, closes))
    return found
