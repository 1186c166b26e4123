"""License discipline after verification: a board suspends or revokes a license we verified,
or lifts a suspension. One service per action (zulip's shape): admin only, the license row
locked, a LicenseAction row (never edited) and an audit entry, the holder e-mailed on commit.

The license's status carries the discipline (ReviewStatus.SUSPENDED / REVOKED): a disciplined
license is not current, so the pathway stops counting it, and every certificate of its holder
reads "suspended" on the public page (Certificate.public_status) with no write to certificates.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from . import audit, events
from .access import has_role
from .emails import queue_email, render_email
from .errors import DomainError
from .models import LicenseAction, MedicalLicense, ReviewStatus, User
from .roles import Role

# What each action may start from, and what it leads to.
SUSPENDABLE = (ReviewStatus.VERIFIED, ReviewStatus.EXPIRED)
REVOCABLE = (ReviewStatus.VERIFIED, ReviewStatus.EXPIRED, ReviewStatus.SUSPENDED)


def _require_admin(license: MedicalLicense, by: User) -> None:
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can discipline a license.")
    if license.applicant_id == by.pk:
        raise DomainError("You cannot act on your own license.")


def _clean(reason: str, source: str, action_date: date | None) -> tuple[str, str]:
    reason, source = (reason or "").strip(), (source or "").strip()
    if not reason:
        raise DomainError("Give the reason; the holder reads it.")
    if not source:
        raise DomainError("Say where the action comes from (the board's order or bulletin).")
    if action_date is None or action_date > timezone.localdate():
        raise DomainError("Give the date of the board's action (not in the future).")
    return reason, source


def _act(
    *,
    license: MedicalLicense,
    by: User,
    kind: str,
    allowed: tuple,
    to_status: str,
    reason: str,
    source: str,
    action_date: date | None,
    document=None,
    document_content_type: str = "",
    data: dict | None = None,
) -> LicenseAction:
    _require_admin(license, by)
    reason, source = _clean(reason, source, action_date)
    current = (
        MedicalLicense.objects.select_for_update().select_related("applicant").get(pk=license.pk)
    )
    if current.status not in allowed:
        raise DomainError(
            f"This license is {current.get_status_display().lower()}; "
            f"it cannot be {LicenseAction.Kind(kind).label.lower()} now. Nothing was changed."
        )
    previous = current.status
    current.status = to_status
    current.save(update_fields=["status"])
    action = LicenseAction(
        license=current,
        kind=kind,
        reason=reason,
        source=source,
        action_date=action_date,
        by=by,
    )
    if document:
        action.document = document
        action.document_name = document.name[:200]
        action.document_content_type = document_content_type
    action.save()
    audit.record(
        actor=by,
        action=f"license.{kind}",
        target=current,
        from_state=previous,
        to_state=to_status,
        reason=reason,
        data={
            "source": source,
            "action_date": action_date.isoformat(),
            "license_action": action.pk,
            **(data or {}),
        },
    )
    subject, body = render_email(
        f"license_{kind}", {"user": current.applicant, "item": current, "action": action}
    )
    queue_email(to=current.applicant.email, subject=subject, body=body)
    return action


@transaction.atomic
def suspend_license(*, license, by, reason, source, action_date, document=None, **kw):
    return _act(
        license=license,
        by=by,
        kind=LicenseAction.Kind.SUSPENDED,
        allowed=SUSPENDABLE,
        to_status=ReviewStatus.SUSPENDED,
        reason=reason,
        source=source,
        action_date=action_date,
        document=document,
        **kw,
    )


@transaction.atomic
def revoke_license(*, license, by, reason, source, action_date, document=None, **kw):
    return _act(
        license=license,
        by=by,
        kind=LicenseAction.Kind.REVOKED,
        allowed=REVOCABLE,
        to_status=ReviewStatus.REVOKED,
        reason=reason,
        source=source,
        action_date=action_date,
        document=document,
        **kw,
    )


@transaction.atomic
def lift_suspension(*, license, by, reason, source, action_date, document=None, **kw):
    """Back to verified (or expired, if its date passed meanwhile). A revocation is not lifted
    here: it is final unless overturned on appeal."""
    today = timezone.localdate()
    back_to = ReviewStatus.VERIFIED if license.expires_on >= today else ReviewStatus.EXPIRED
    action = _act(
        license=license,
        by=by,
        kind=LicenseAction.Kind.LIFTED,
        allowed=(ReviewStatus.SUSPENDED,),
        to_status=back_to,
        reason=reason,
        source=source,
        action_date=action_date,
        document=document,
        **kw,
    )
    # A current license again can complete a pathway held up by the suspension.
    events.step_completed(applicant=action.license.applicant, program=None)
    return action


@transaction.atomic
def verify_on_appeal(*, item, by: User, appeal_id: int):
    """A rejected license or credential overturned on appeal becomes verified (called by the
    appeals service of the top layer). The rejection stays in the audit trail and on the appeal;
    a license takes its number back and is decided under the rules in force now."""
    from . import selectors, services

    if not has_role(by, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can decide an appeal.")
    current = type(item).objects.select_for_update().select_related("applicant").get(pk=item.pk)
    if current.status != ReviewStatus.REJECTED:
        raise DomainError(
            f"This item is {current.get_status_display().lower()} now, no longer rejected; "
            "nothing was changed."
        )
    current.status = ReviewStatus.VERIFIED
    current.reviewer = by
    current.reviewed_at = timezone.now()
    fields = ["status", "reviewer", "reviewed_at"]
    data = {"appeal": appeal_id}
    if isinstance(current, MedicalLicense):
        services._claim_license_number(current)
        rule = selectors.current_rule(current.jurisdiction)
        current.decided_under = rule
        fields.append("decided_under")
        data["rule_version"] = rule.version if rule else None
    current.save(update_fields=fields)
    audit.record(
        actor=by,
        action=f"{services._action(current, 'verified')}_on_appeal",
        target=current,
        from_state=ReviewStatus.REJECTED,
        to_state=ReviewStatus.VERIFIED,
        data=data,
    )
    events.step_completed(applicant=current.applicant, program=None)
    return current
