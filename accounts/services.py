from contextlib import nullcontext
from datetime import date, timedelta

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import audit, events, license_numbers, pathway_versions, review_queue_cache, selectors
from .access import has_role
from .actors import SYSTEM, Actor, is_system
from .documents import delete_replaced_document
from .emails import queue_email, render_email
from .errors import DomainError
from .models import (
    ApplicantProfile,
    Jurisdiction,
    JurisdictionRule,
    MedicalLicense,
    ReviewStatus,
    SupportingCredential,
    User,
)
from .roles import ROLE_PERMISSIONS, Role


def role_group(role: Role) -> Group:
    # The groups come with migration 0002; they are re-made here if someone deleted one, so a
    # missing group never silently drops a person's role.
    group, created = Group.objects.get_or_create(name=role.value)
    if created:
        codename = ROLE_PERMISSIONS[role][0]
        group.permissions.add(
            Permission.objects.get(content_type__app_label="accounts", codename=codename)
        )
    return group


@transaction.atomic
def register_applicant(*, user: User) -> None:
    """Every account made by sign-up starts as an applicant."""
    user.groups.add(role_group(Role.APPLICANT))
    audit.record(actor=user, action="account.signed_up", target=user, to_state=Role.APPLICANT)


def _lock_member(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _check_role_manager(*, user: User, actor: Actor) -> None:
    if is_system(actor):
        return  # the demo seed and management commands give roles as the system, by name
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can change roles.")
    if actor.pk == user.pk:
        raise DomainError("You cannot change your own roles; ask another program admin.")


@transaction.atomic
def grant_role(*, user: User, role: Role, actor: Actor) -> bool:
    """Give `user` a role. Returns False when they already held it (nothing is recorded)."""
    _check_role_manager(user=user, actor=actor)
    member = _lock_member(user)
    group = role_group(role)
    if member.groups.filter(pk=group.pk).exists():
        return False
    member.groups.add(group)
    if role == Role.PROGRAM_ADMIN and not member.is_staff:
        # Program admins also work in the Django admin back-office.
        member.is_staff = True
        member.save(update_fields=["is_staff"])
    audit.record(actor=actor, action="role.granted", target=member, to_state=role)
    return True


@transaction.atomic
def revoke_role(*, user: User, role: Role, actor: Actor) -> bool:
    """Take a role away. Returns False when they did not hold it."""
    _check_role_manager(user=user, actor=actor)
    member = _lock_member(user)
    group = role_group(role)
    if not member.groups.filter(pk=group.pk).exists():
        return False
    member.groups.remove(group)
    if role == Role.PROGRAM_ADMIN and member.is_staff and not member.is_superuser:
        member.is_staff = False
        member.save(update_fields=["is_staff"])
    audit.record(actor=actor, action="role.revoked", target=member, from_state=role)
    return True


# --- Qualifications -----------------------------------------------------------------------------

Submission = MedicalLicense | SupportingCredential


def _notify(*, user: User, template: str, context: dict) -> None:
    """E-mail the applicant once the transaction has committed (never for a rolled-back change)."""
    subject, body = render_email(template, {"user": user, **context})
    queue_email(to=user.email, subject=subject, body=body)


# What the applicant sets on their profile (the profile form's fields besides their names).
PROFILE_FIELDS = (
    "profession",
    "specialty_background",
    "specialty_other",
    "phone",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
)


@transaction.atomic
def save_profile(
    *, user: User, full_legal_name: str, profile: ApplicantProfile, family_name: str | None = None
) -> None:
    """Store the applicant's profile, the legal name their certificate will carry and the
    family name it is looked up by (None: unchanged)."""
    profile.user = user
    if profile.pk is None:
        profile.save()
    else:  # what the applicant edits, and the time of the edit
        profile.save(update_fields=[*PROFILE_FIELDS, "updated_at"])
    for field, value in (("full_legal_name", full_legal_name), ("family_name", family_name)):
        if value is None or getattr(user, field) == value:
            continue
        previous = getattr(user, field)
        setattr(user, field, value)
        user.save(update_fields=[field])
        audit.record(
            actor=user,
            action=(
                "profile.legal_name_changed"
                if field == "full_legal_name"
                else "profile.family_name_changed"
            ),
            target=user,
            data={"from": previous, "to": value},
        )


@transaction.atomic
def submit_license(*, license: MedicalLicense, applicant: User) -> MedicalLicense:
    """A new license submission (also one that replaces a verified license)."""
    license.applicant = applicant
    license.number_normalized = MedicalLicense.normalize_number(license.number)
    license_numbers.check_license_number_free(license)
    if license.replaces is not None:
        if license.replaces.applicant_id != applicant.pk:
            raise DomainError("You can only replace your own license.")
        if license.replaces.status not in (ReviewStatus.VERIFIED, ReviewStatus.EXPIRED):
            raise DomainError("Only a verified or expired license is replaced by a new one.")
    submitted = _submit(
        license, data={"replaces": license.replaces_id} if license.replaces_id else None
    )
    if submitted.replaces_id:
        # The license in force is re-verified too (accounts/discipline.py).
        from .discipline import report_new_license

        report_new_license(replacement=submitted)
    return submitted


@transaction.atomic
def submit_credential(*, credential: SupportingCredential, applicant: User):
    credential.applicant = applicant
    return _submit(credential)


def _submit(item: Submission, data: dict | None = None) -> Submission:
    item.status = ReviewStatus.SUBMITTED
    item.submitted_at = timezone.now()
    item.save()
    audit.record(
        actor=item.applicant,
        action=_action(item, "submitted"),
        target=item,
        to_state=ReviewStatus.SUBMITTED,
        data=data,
    )
    return item


def _lock(item: Submission) -> Submission:
    return type(item).objects.select_for_update().get(pk=item.pk)


def _action(item: Submission, verb: str) -> str:
    """Audit action names: "license.verified", "credential.rejected", ..."""
    noun = "license" if isinstance(item, MedicalLicense) else "credential"
    return f"{noun}.{verb}"


# The fields of the applicant's forms (accounts/forms.py), with what the form derives from them.
_DOCUMENT = ["document", "document_name", "document_content_type"]
CORRECTABLE = {
    MedicalLicense: [
        "license_type",
        "number",
        "number_normalized",
        "jurisdiction",
        "issued_on",
        "expires_on",
        "npi",
        "supervising_physician",
        *_DOCUMENT,
    ],
    SupportingCredential: [
        "kind",
        "certification_type",
        "title",
        "provider",
        "credit_hours",
        "completed_on",
        "expires_on",
        *_DOCUMENT,
    ],
}
RESUBMITTED = ["status", "submitted_at", "reviewer", "reviewed_at"]


@transaction.atomic
def resubmit(*, item: Submission, changes: Submission, actor: User) -> Submission:
    """The applicant corrects a submitted or rejected item; it goes back to the queue.

    `changes` is the same item with the applicant's edits (a bound form's instance); the row is
    locked and its state checked first, so an admin's decision made meanwhile is never undone.
    """
    current = _lock(item)
    if current.applicant_id != actor.pk:
        raise DomainError("You can only correct your own submissions.")
    if not current.is_editable():
        raise DomainError(
            f"This item is {current.get_status_display().lower()} and can no longer be edited."
            + (
                " Submit a new one to replace it."
                if current.status == ReviewStatus.VERIFIED
                else ""
            )
        )
    if isinstance(changes, MedicalLicense):
        changes.number_normalized = MedicalLicense.normalize_number(changes.number)
        license_numbers.check_license_number_free(changes)
    previous = current.status
    changes.pk = current.pk
    changes.status = ReviewStatus.SUBMITTED
    changes.submitted_at = timezone.now()
    changes.reviewer = None
    changes.reviewed_at = None
    # Only what the applicant corrects and the new review state: the rest of the row (expiry
    # reminders, re-verification, the rule a decision used) belongs to the product, and the
    # edited copy was read before the lock, so writing it whole could undo a change made since.
    changes.save(update_fields=[*CORRECTABLE[type(current)], *RESUBMITTED])
    # A new upload replaced the stored file: delete the old one after the commit.
    delete_replaced_document(current.document.name, changes.document.name)
    if isinstance(current, MedicalLicense) and (
        (current.jurisdiction_id, current.number_normalized)
        != (changes.jurisdiction_id, changes.number_normalized)
    ):
        license_numbers.release_license_number(current)  # the corrected number replaced this one
    audit.record(
        actor=actor,
        action=_action(current, "resubmitted"),
        target=changes,
        from_state=previous,
        to_state=ReviewStatus.SUBMITTED,
        reason=current.rejection_reason,
    )
    return changes


def _require_reviewer(item: Submission, actor: User) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can review qualifications.")
    if item.applicant_id == actor.pk:
        raise DomainError("You cannot review your own submission.")


def _already_decided(item: Submission) -> DomainError:
    status = item.get_status_display().lower()
    by = f" by {item.reviewer.full_legal_name}" if item.reviewer else ""
    return DomainError(f"This item was already {status}{by}; nothing was changed.")


@transaction.atomic
def start_review(*, item: Submission, actor: User) -> Submission:
    _require_reviewer(item, actor)
    current = _lock(item)
    if current.status == ReviewStatus.UNDER_REVIEW:
        return current
    if current.status != ReviewStatus.SUBMITTED:
        raise _already_decided(current)
    current.status = ReviewStatus.UNDER_REVIEW
    current.reviewer = actor
    current.save(update_fields=["status", "reviewer"])
    audit.record(
        actor=actor,
        action=_action(current, "review_started"),
        target=current,
        from_state=ReviewStatus.SUBMITTED,
        to_state=ReviewStatus.UNDER_REVIEW,
    )
    return current


def _decide(item: Submission, *, actor: User, status: str, reason: str = "") -> Submission:
    """Lock, check the item is still open, record the decision (and for a license the rule
    version in force). Two admins at once: the second is told it is already decided."""
    _require_reviewer(item, actor)
    current = _lock(item)
    if not current.is_open_for_review():
        raise _already_decided(current)
    previous = current.status
    current.status = status
    current.reviewer = actor
    current.reviewed_at = timezone.now()
    current.rejection_reason = reason
    fields = ["status", "reviewer", "reviewed_at", "rejection_reason"]
    data = {}
    if isinstance(current, MedicalLicense):
        rule = selectors.current_rule(current.jurisdiction)
        current.decided_under = rule
        fields.append("decided_under")
        data = {"rule_version": rule.version if rule else None}
    current.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=_action(current, status),
        target=current,
        from_state=previous,
        to_state=status,
        reason=reason,
        data=data,
    )
    return current


@transaction.atomic
def verify_submission(*, item: Submission, actor: User) -> Submission:
    """A program admin confirms the item; a verified replacement supersedes the old license."""
    with _standing_may_change(item, actor=actor):  # a new license restores certificates
        current = _decide(item, actor=actor, status=ReviewStatus.VERIFIED)
        if isinstance(current, MedicalLicense) and current.replaces_id:
            _supersede(current.replaces_id, actor=actor, replacement=current)
    _notify(user=current.applicant, template="verified", context={"item": current})
    # A renewed license can be the step that completes a pathway (after the exams).
    events.step_completed(applicant=current.applicant, program=None)
    return current


def _standing_may_change(item: Submission, *, actor: User | None = None, as_of=None):
    """Certificates rest on licenses only: a credential's change moves none."""
    if not isinstance(item, MedicalLicense):
        return nullcontext()
    cause = "license.expired" if as_of else "license.verified"
    return events.standing_may_change(
        applicant=item.applicant, actor=actor, cause=cause, as_of=as_of
    )


def _supersede(license_id: int, *, actor: User, replacement: MedicalLicense) -> None:
    replaced = MedicalLicense.objects.select_for_update().get(pk=license_id)
    if replaced.status in (ReviewStatus.VERIFIED, ReviewStatus.EXPIRED):
        previous = replaced.status
        replaced.status = ReviewStatus.SUPERSEDED
        replaced.save(update_fields=["status"])
        license_numbers.release_license_number(replaced)
        audit.record(
            actor=actor,
            action="license.superseded",
            target=replaced,
            from_state=previous,
            to_state=ReviewStatus.SUPERSEDED,
            data={"replacement": replacement.pk},
        )


@transaction.atomic
def reject_submission(*, item: Submission, actor: User, reason: str) -> Submission:
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for the rejection; the applicant sees it.")
    current = _decide(item, actor=actor, status=ReviewStatus.REJECTED, reason=reason)
    if isinstance(current, MedicalLicense):
        license_numbers.release_license_number(current)
    _notify(user=current.applicant, template="rejected", context={"item": current})
    return current


@transaction.atomic
def change_jurisdiction_rules(
    *, jurisdiction: Jurisdiction, rule: JurisdictionRule, certifications, actor: User
) -> JurisdictionRule:
    """Rules are versioned: a change is a new version; decisions keep the version they used."""
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can change jurisdiction rules.")
    locked = Jurisdiction.objects.select_for_update().get(pk=jurisdiction.pk)
    latest = locked.rules.order_by("-version").first()
    rule.pk = None
    rule.jurisdiction = locked
    rule.version = (latest.version + 1) if latest else 1
    rule.created_by = actor
    rule.created_at = timezone.now()
    rule.save()
    rule.required_certifications.set(certifications)
    audit.record(
        actor=actor,
        action="jurisdiction.rules_changed",
        target=locked,
        from_state=f"v{latest.version}" if latest else "",
        to_state=f"v{rule.version}",
        reason=rule.change_note,
        data={
            "accepted_license_types": rule.accepted_license_types,
            "ce_hours_required": str(rule.ce_hours_required),
            "ce_window_months": rule.ce_window_months,
            "required_certifications": [c.code for c in certifications],
        },
    )
    return rule


# --- expiry ---------------------------------------------------------------------------------

EXPIRY_REMINDER_DAYS = (60, 30)


def expire_and_remind(*, today: date | None = None) -> dict[str, int]:
    """The daily job: expire what has passed its date, remind of licenses about to expire.

    Safe to run twice: each change is a conditional update that only one run can make.
    """
    today = today or timezone.localdate()
    counts = {"licenses_expired": 0, "credentials_expired": 0, "reminders": 0}
    live = [ReviewStatus.SUBMITTED, ReviewStatus.UNDER_REVIEW, ReviewStatus.VERIFIED]
    for model, key in (
        (MedicalLicense, "licenses_expired"),
        (SupportingCredential, "credentials_expired"),
    ):
        for item in (
            model.objects.filter(status__in=live, expires_on__lt=today)
            .select_related("applicant")
            .iterator()
        ):
            with transaction.atomic(), _standing_may_change(item, as_of=item.expires_on):
                if not model.objects.filter(pk=item.pk, status=item.status).update(
                    status=ReviewStatus.EXPIRED
                ):
                    continue  # someone else moved it meanwhile
                # A queryset update sends no signal: the dashboard's cached pathway and the
                # review queue's kept order must know.
                pathway_versions.applicants_changed([item.applicant_id])
                review_queue_cache.queue_changed()
                audit.record(
                    actor=SYSTEM,
                    action=_action(item, "expired"),
                    target=item,
                    from_state=item.status,
                    to_state=ReviewStatus.EXPIRED,
                )
                if item.status == ReviewStatus.VERIFIED:
                    _notify(user=item.applicant, template="expired", context={"item": item})
                counts[key] += 1

    # Nearest first: a license first seen 20 days out gets the 30-day reminder only, and the
    # 60-day pass then finds it already reminded.
    for days in sorted(EXPIRY_REMINDER_DAYS):
        due = MedicalLicense.objects.filter(
            status=ReviewStatus.VERIFIED,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=days),
        ).filter(Q(last_expiry_reminder_days__isnull=True) | Q(last_expiry_reminder_days__gt=days))
        for license in due.select_related("applicant", "jurisdiction").iterator():
            with transaction.atomic():
                claimed = MedicalLicense.objects.filter(
                    pk=license.pk, last_expiry_reminder_days=license.last_expiry_reminder_days
                ).update(last_expiry_reminder_days=days)
                if not claimed:
                    continue
                _notify(
                    user=license.applicant,
                    template="expiry_reminder",
                    context={"item": license, "days": (license.expires_on - today).days},
                )
                counts["reminders"] += 1
    return counts
