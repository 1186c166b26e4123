"""A program admin's decisions on a certificate after the fact: reinstating a revoked one, and
deciding on one flagged because a result it rests on was withdrawn (kept here; revoking is
`services.revoke_certificate`). The flag itself is raised by `flag_for_review`, the listener of
`accounts.events.result_withdrawn`."""

from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.actors import SYSTEM
from accounts.errors import DomainError
from programs.models import TrainingProgram

from .models import Certificate
from .services import _notify, _require_admin, enqueue_render

Status = Certificate.Status


@transaction.atomic
def reinstate_certificate(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Undo a revocation (made in error, or its cause resolved), with a reason: the certificate
    is in force again with its number, dates and file, and the public page says so at once.

    One in force per holder and program still holds: refused while another certificate of the
    program is issued or being prepared. A certificate revoked before it was ever rendered goes
    back to being prepared."""
    _require_admin(actor, "reinstate a certificate")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for the reinstatement; it is recorded.")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Status.REVOKED:
        raise DomainError(
            f"This certificate is {certificate.get_status_display().lower()}; "
            "only a revoked certificate can be reinstated."
        )
    target = Status.ISSUED if certificate.issued_at else Status.PENDING
    other = (
        Certificate.objects.select_for_update()
        .filter(holder=certificate.holder_id, program=certificate.program_id, status=target)
        .exclude(pk=certificate.pk)
        .first()
    )
    if other is not None:
        raise DomainError(
            f"Certificate {other.number} of this program is {other.get_status_display().lower()} "
            "for the same holder; a holder has one certificate in force. Revoke that one first."
        )
    revoked_at, revoked_reason = certificate.revoked_at, certificate.revocation_reason
    certificate.status = target
    certificate.revoked_at = None
    certificate.revoked_by = None
    certificate.revocation_reason = ""
    certificate.claim_token = ""
    certificate.claimed_at = None
    fields = ["status", "revoked_at", "revoked_by", "revocation_reason"]
    certificate.save(update_fields=[*fields, "claim_token", "claimed_at"])
    audit.record(
        actor=actor,
        action="certificate.reinstated",
        target=certificate,
        from_state=Status.REVOKED,
        to_state=target,
        reason=reason,
        data={
            "revoked_at": revoked_at.isoformat() if revoked_at else None,
            "revocation_reason": revoked_reason,
        },
    )
    if target == Status.PENDING:
        enqueue_render(certificate.pk)
    else:
        _notify(certificate, "certificate_reinstated", reason=reason)
    return certificate


def flag_for_review(*, applicant, program: TrainingProgram, reason: str) -> Certificate | None:
    """The listener of `accounts.events.result_withdrawn`: the certificate in force (or on its
    way) of that program is flagged for a program admin's decision, not revoked. Runs inside the
    transaction of the change that withdrew the result."""
    certificate = (
        Certificate.objects.select_for_update()
        .filter(holder=applicant, program=program, status__in=[Status.ISSUED, Status.PENDING])
        .order_by("-created_at")
        .first()
    )
    if certificate is None:
        return None
    certificate.flagged_at = timezone.now()
    certificate.flag_reason = reason
    certificate.save(update_fields=["flagged_at", "flag_reason"])
    audit.record(
        actor=SYSTEM,
        action="certificate.flagged",
        target=certificate,
        from_state=certificate.status,
        to_state=certificate.status,
        reason=reason,
    )
    return certificate


@transaction.atomic
def clear_flag(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """A program admin decides to keep a flagged certificate in force (to withdraw it, they
    revoke it); the decision and its reason are audited."""
    _require_admin(actor, "decide on a flagged certificate")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for keeping the certificate; it is recorded.")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.flagged_at is None:
        raise DomainError("This certificate is not flagged.")
    previous_reason = certificate.flag_reason
    certificate.flagged_at = None
    certificate.flag_reason = ""
    certificate.save(update_fields=["flagged_at", "flag_reason"])
    audit.record(
        actor=actor,
        action="certificate.flag_cleared",
        target=certificate,
        from_state=certificate.status,
        to_state=certificate.status,
        reason=reason,
        data={"flag_reason": previous_reason},
    )
    return certificate
