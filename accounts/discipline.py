"""License discipline after verification: a board suspends or revokes a license we verified,
or lifts a suspension. One service per action (zulip's shape): admin only, the license row
locked, a LicenseAction row (never edited) and an audit entry, the holder e-mailed on commit.

The license's status carries the discipline (ReviewStatus.SUSPENDED / REVOKED): a disciplined
license is not current, so the pathway stops counting it, and every certificate of its holder
reads "suspended" on the public page (Certificate.public_status) with no write to certificates.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import audit, events, license_numbers, pathway_versions, review_queue_cache
from .access import has_role
from .actors import SYSTEM, Actor
from .emails import queue_email, render_email
from .errors import DomainError
from .models import LicenseAction, MedicalLicense, ReviewStatus, User
from .roles import Role

# What each action may start from, and what it leads to.
SUSPENDABLE = (ReviewStatus.VERIFIED, ReviewStatus.EXPIRED)
REVOCABLE = (ReviewStatus.VERIFIED, ReviewStatus.EXPIRED, ReviewStatus.SUSPENDED)


def _require_admin(license: MedicalLicense, actor: User) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can discipline a license.")
    if license.applicant_id == actor.pk:
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
    actor: User,
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
    _require_admin(license, actor)
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
    # The certificates resting on the license: read before, compared after (certification).
    with events.standing_may_change(
        applicant=current.applicant, actor=actor, cause=f"license.{kind}"
    ):
        current.status = to_status
        current.save(update_fields=["status"])
        action = LicenseAction(
            license=current,
            kind=kind,
            reason=reason,
            source=source,
            action_date=action_date,
            by=actor,
        )
        if document:
            action.document = document
            action.document_name = document.name[:200]
            action.document_content_type = document_content_type
        action.save()
        audit.record(
            actor=actor,
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
def suspend_license(*, license, actor, reason, source, action_date, document=None, **kw):
    return _act(
        license=license,
        actor=actor,
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
def revoke_license(*, license, actor, reason, source, action_date, document=None, **kw):
    return _act(
        license=license,
        actor=actor,
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
def lift_suspension(*, license, actor, reason, source, action_date, document=None, **kw):
    """Back to verified (or expired, if its date passed meanwhile). A revocation is not lifted
    here: it is final unless overturned on appeal."""
    today = timezone.localdate()
    back_to = ReviewStatus.VERIFIED if license.expires_on >= today else ReviewStatus.EXPIRED
    action = _act(
        license=license,
        actor=actor,
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
def verify_on_appeal(*, item, actor: User, appeal_id: int):
    """A rejected license or credential overturned on appeal becomes verified (called by the
    appeals service of the top layer). The rejection stays in the audit trail and on the appeal;
    a license takes its number back and is decided under the rules in force now."""
    from . import selectors, services

    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can decide an appeal.")
    current = type(item).objects.select_for_update().select_related("applicant").get(pk=item.pk)
    if current.status != ReviewStatus.REJECTED:
        raise DomainError(
            f"This item is {current.get_status_display().lower()} now, no longer rejected; "
            "nothing was changed."
        )
    current.status = ReviewStatus.VERIFIED
    current.reviewer = actor
    current.reviewed_at = timezone.now()
    fields = ["status", "reviewer", "reviewed_at"]
    data = {"appeal": appeal_id}
    if isinstance(current, MedicalLicense):
        license_numbers.claim_license_number(current)
        rule = selectors.current_rule(current.jurisdiction)
        current.decided_under = rule
        fields.append("decided_under")
        data["rule_version"] = rule.version if rule else None
    current.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=f"{services._action(current, 'verified')}_on_appeal",
        target=current,
        from_state=ReviewStatus.REJECTED,
        to_state=ReviewStatus.VERIFIED,
        data=data,
    )
    events.step_completed(applicant=current.applicant, program=None)
    return current


# --- re-verification ----------------------------------------------------------------------------


def _ask_reverification(license: MedicalLicense, *, actor: Actor, reason: str) -> bool:
    """Put a verified license back in the review queue (a conditional update: once only)."""
    now = timezone.now()
    updated = MedicalLicense.objects.filter(
        pk=license.pk, status=ReviewStatus.VERIFIED, reverify_requested_at__isnull=True
    ).update(
        reverify_requested_at=now, reverify_reason=reason[:200], reverify_expiry=license.expires_on
    )
    if updated:  # a queryset update sends no signal: the caches that read the license must know
        pathway_versions.applicants_changed([license.applicant_id])
        review_queue_cache.queue_changed()
        audit.record(
            actor=actor,
            action="license.reverification_requested",
            target=license,
            reason=reason,
        )
    return bool(updated)


def queue_expiring_for_reverification(*, today: date | None = None) -> int:
    """The daily job: verified licenses within settings.LICENSE_REVERIFY_DAYS of their expiry
    go back to the review queue, once per expiry date."""
    from django.conf import settings

    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.LICENSE_REVERIFY_DAYS)
    due = (
        MedicalLicense.objects.filter(
            status=ReviewStatus.VERIFIED,
            reverify_requested_at__isnull=True,
            expires_on__gte=today,
            expires_on__lte=horizon,
        )
        .exclude(reverify_expiry=F("expires_on"))
        .only("pk", "expires_on", "applicant_id", "license_type", "number")
    )
    count = 0
    for license in due.iterator():
        with transaction.atomic():
            count += _ask_reverification(
                license, actor=SYSTEM, reason=f"Expires on {license.expires_on:%-d %b %Y}."
            )
    return count


@transaction.atomic
def report_new_license(*, replacement: MedicalLicense) -> bool:
    """A holder reported a new license replacing a verified one: the one in force is queued for
    re-verification beside the new submission (which is in the queue already)."""
    if not replacement.replaces_id:
        return False
    replaced = MedicalLicense.objects.get(pk=replacement.replaces_id)
    return _ask_reverification(
        replaced, actor=replacement.applicant, reason="The holder reported a new license."
    )


@transaction.atomic
def confirm_reverification(
    *, license: MedicalLicense, actor: User, note: str = ""
) -> MedicalLicense:
    """The admin checked the license with its board: still in good standing; off the queue.
    A license found disciplined is recorded on the discipline page instead."""
    _require_admin(license, actor)
    current = MedicalLicense.objects.select_for_update().get(pk=license.pk)
    if current.reverify_requested_at is None:
        raise DomainError("This license is not waiting for re-verification; nothing was changed.")
    asked = current.reverify_reason
    current.reverify_requested_at = None
    current.reverify_reason = ""
    current.save(update_fields=["reverify_requested_at", "reverify_reason"])
    audit.record(
        actor=actor,
        action="license.reverified",
        target=current,
        from_state=current.status,
        to_state=current.status,
        reason=note.strip(),
        data={"asked_because": asked},
    )
    return current
