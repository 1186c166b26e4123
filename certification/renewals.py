"""Recertification by evidence: every state change of a renewal, one named function each.

The holder gathers evidence in a draft (CE items, a practice log), submits it inside the
program's renewal window with enough CE hours in the counting categories since the last
certificate was issued, and a program admin approves, returns or refuses it. At submission a
share of renewals (set per program) is picked for a CE audit: an audited renewal is approved
only once every CE item has its proof. Approval creates the new certificate through the
certificate outbox (`services._create_pending(renews=...)`); the old one is superseded when the
new one is issued, so the public page never shows two certificates in force.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.access import has_role
from accounts.emails import queue_email, render_email
from accounts.errors import DomainError
from accounts.roles import Role
from accounts.selectors import qualification_status
from programs.models import CECategory, TrainingProgram

from . import services
from .models import Certificate
from .models_renewal import CEItem, PracticeEntry, Renewal

Status = Renewal.Status
CE_ITEM_FIELDS = ("provider", "title", "category", "completed_on", "hours")
PRACTICE_FIELDS = ("performed_on", "area", "units", "supervisor_name")


# --- the rules and the window ---------------------------------------------------------------------


def rules_of(program: TrainingProgram) -> dict:
    """The program's renewal rules as a renewal freezes them at submission (JSON-safe)."""
    return {
        "ce_hours_required": str(program.renewal_ce_hours_required),
        "ce_categories": list(program.renewal_ce_categories),
        "min_practice_entries": program.renewal_min_practice_entries,
        "opens_days_before": program.renewal_opens_days_before,
        "closes_days_after": program.renewal_closes_days_after,
        "audit_percent": program.renewal_audit_percent,
    }


def window_of(certificate: Certificate) -> tuple[date, date]:
    """(opens on, closes on): from N days before expiry to M days after it, inclusive."""
    return certificate.renewal_opens_on(), certificate.renewal_closes_on()


def _check_window(certificate: Certificate, today: date) -> None:
    opens, closes = window_of(certificate)
    if today < opens:
        raise DomainError(
            f"Renewal opens on {opens:%d %B %Y}, "
            f"{certificate.program.renewal_opens_days_before} days before your certificate expires."
        )
    if today > closes:
        raise DomainError(
            f"The renewal window closed on {closes:%d %B %Y}: your certificate has lapsed. "
            "Sit the written and practical exams again to be certified."
        )


# --- what the evidence is worth -------------------------------------------------------------------


@dataclass
class Evidence:
    """The renewal's evidence against the program's rules, in the holder's words."""

    ce_hours: Decimal
    ce_hours_required: Decimal
    practice_entries: int
    practice_required: int

    @property
    def hours_short(self) -> Decimal:
        return max(self.ce_hours_required - self.ce_hours, Decimal(0))

    @property
    def entries_short(self) -> int:
        return max(self.practice_required - self.practice_entries, 0)

    @property
    def complete(self) -> bool:
        return not self.hours_short and not self.entries_short

    def missing(self) -> list[str]:
        missing = []
        if self.hours_short:
            missing.append(
                f"{self.hours_short.normalize():f} more CE hours in the counting categories "
                f"({self.ce_hours.normalize():f} of {self.ce_hours_required.normalize():f})"
            )
        if self.entries_short:
            missing.append(
                f"{self.entries_short} more treatments in your practice log "
                f"({self.practice_entries} of {self.practice_required})"
            )
        return missing


def evidence_of(
    *,
    certificate: Certificate,
    ce_items: list[CEItem],
    practice_entries: list[PracticeEntry],
    today: date | None = None,
) -> Evidence:
    """CE hours in the program's counting categories and treatments performed, both since the
    last certificate's issue and not in the future. Reads only the lists it is given."""
    today = today or timezone.localdate()
    program = certificate.program
    since = certificate.issued_on
    counting = set(program.renewal_ce_categories)
    hours = sum(
        (
            item.hours
            for item in ce_items
            if item.category in counting and since <= item.completed_on <= today
        ),
        Decimal(0),
    )
    entries = sum(1 for entry in practice_entries if since <= entry.performed_on <= today)
    return Evidence(
        ce_hours=hours,
        ce_hours_required=program.renewal_ce_hours_required,
        practice_entries=entries,
        practice_required=program.renewal_min_practice_entries,
    )


def renewal_evidence(renewal: Renewal | None, certificate: Certificate, today=None) -> Evidence:
    if renewal is None:
        return evidence_of(certificate=certificate, ce_items=[], practice_entries=[], today=today)
    return evidence_of(
        certificate=certificate,
        ce_items=list(renewal.ce_items.all()),
        practice_entries=list(renewal.practice_entries.all()),
        today=today,
    )


def items_without_proof(renewal: Renewal) -> list[CEItem]:
    return [item for item in renewal.ce_items.all() if not item.has_proof()]


# --- checks -----------------------------------------------------------------------------------


def _require_holder(renewal: Renewal, actor) -> None:
    if renewal.holder_id != getattr(actor, "pk", None):
        raise DomainError("Only the holder can change this renewal.")


def _require_editable(renewal: Renewal) -> None:
    if not renewal.is_editable():
        raise DomainError(
            f"This renewal is {renewal.get_status_display().lower()}; its evidence cannot change."
        )


def _require_reviewer(renewal: Renewal, actor) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can decide a renewal.")
    if renewal.holder_id == actor.pk:
        raise DomainError("You cannot decide your own renewal; another program admin must.")


def _locked(renewal: Renewal) -> Renewal:
    return (
        Renewal.objects.select_for_update()
        .select_related("certificate__program", "holder")
        .get(pk=renewal.pk)
    )


def _notify(renewal: Renewal, decision: str) -> None:
    subject, body = render_email(
        "renewal_decision",
        {
            "user": renewal.holder,
            "renewal": renewal,
            "certificate": renewal.certificate,
            "decision": decision,
            "site_url": settings.SITE_URL,
        },
    )
    queue_email(to=renewal.holder.email, subject=subject, body=body)


# --- the holder -------------------------------------------------------------------------------


@transaction.atomic
def start_renewal(*, certificate: Certificate, actor) -> Renewal:
    """The holder's renewal of this certificate in progress, opened now if there is none."""
    certificate = (
        Certificate.objects.select_for_update().select_related("program").get(pk=certificate.pk)
    )
    if certificate.holder_id != getattr(actor, "pk", None):
        raise DomainError("Only the holder can renew a certificate.")
    open_renewal = Renewal.objects.filter(
        certificate=certificate, status__in=Renewal.OPEN_STATUSES
    ).first()
    if open_renewal is not None:
        return open_renewal
    if certificate.status != Certificate.Status.ISSUED:
        raise DomainError(
            f"This certificate is {certificate.get_status_display().lower()}; it cannot be renewed."
        )
    if certificate.renewals.filter(status=Certificate.Status.PENDING).exists():
        raise DomainError("Your renewed certificate is already being prepared.")
    _check_window(certificate, timezone.localdate())
    try:
        with transaction.atomic():
            renewal = Renewal.objects.create(certificate=certificate, holder=actor)
    except IntegrityError:  # a second tab opened it a moment ago
        return Renewal.objects.get(certificate=certificate, status__in=Renewal.OPEN_STATUSES)
    audit.record(
        actor=actor,
        action="renewal.started",
        target=renewal,
        to_state=Status.DRAFT,
        data={"certificate": certificate.number},
    )
    return renewal


@transaction.atomic
def add_ce_item(
    *, renewal: Renewal, actor, values: dict, proof=None, proof_type: str = ""
) -> CEItem:
    """`proof`: an upload already checked by content (`check_document`), or None."""
    renewal = _locked(renewal)
    _require_holder(renewal, actor)
    _require_editable(renewal)
    values = {name: values[name] for name in CE_ITEM_FIELDS}
    if values["category"] not in CECategory.values:
        raise DomainError("Choose the CE item's category from the list.")
    if values["completed_on"] > timezone.localdate():
        raise DomainError("A CE item cannot be completed in the future.")
    item = CEItem(renewal=renewal, **values)
    if proof is not None:
        item.proof = proof
        item.proof_name = proof.name[-200:]
        item.proof_content_type = proof_type
    item.save()
    audit.record(
        actor=actor,
        action="renewal.ce_item_added",
        target=renewal,
        from_state=renewal.status,
        to_state=renewal.status,
        data={"item": item.pk, "hours": str(item.hours), "category": item.category},
    )
    return item


@transaction.atomic
def add_practice_entry(*, renewal: Renewal, actor, values: dict) -> PracticeEntry:
    renewal = _locked(renewal)
    _require_holder(renewal, actor)
    _require_editable(renewal)
    values = {name: values[name] for name in PRACTICE_FIELDS}
    if values["performed_on"] > timezone.localdate():
        raise DomainError("A treatment cannot be logged in the future.")
    entry = PracticeEntry.objects.create(renewal=renewal, **values)
    audit.record(
        actor=actor,
        action="renewal.practice_logged",
        target=renewal,
        from_state=renewal.status,
        to_state=renewal.status,
        data={"entry": entry.pk, "area": entry.area, "units": str(entry.units)},
    )
    return entry


@transaction.atomic
def upload_ce_proof(*, item: CEItem, actor, proof, proof_type: str) -> CEItem:
    """Proof of a CE item, while the renewal is open (an audited one asks for it under review).
    A proof once given stays: the audit reads what was there when it was submitted."""
    renewal = _locked(item.renewal)
    _require_holder(renewal, actor)
    if renewal.status not in Renewal.OPEN_STATUSES:
        raise DomainError("This renewal has been decided; nothing more can be uploaded.")
    item = CEItem.objects.select_for_update().get(pk=item.pk, renewal=renewal)
    if item.has_proof():
        raise DomainError("This CE item already has its proof.")
    item.proof = proof
    item.proof_name = proof.name[-200:]
    item.proof_content_type = proof_type
    item.save(update_fields=["proof", "proof_name", "proof_content_type"])
    audit.record(
        actor=actor,
        action="renewal.ce_proof_uploaded",
        target=renewal,
        from_state=renewal.status,
        to_state=renewal.status,
        data={"item": item.pk, "content_type": proof_type},
    )
    return item


def pick_for_audit(percent: int) -> bool:
    """True for `percent` in 100 renewals, at random: unpredictable to the holder (secrets)."""
    return secrets.randbelow(100) < percent


@transaction.atomic
def submit_renewal(*, renewal: Renewal, actor) -> Renewal:
    """Submit for review: in the window, with enough CE hours and practice, and current
    qualifications; refused with what is missing otherwise. Picked for a CE audit here."""
    renewal = _locked(renewal)
    _require_holder(renewal, actor)
    _require_editable(renewal)
    certificate = renewal.certificate
    if certificate.status != Certificate.Status.ISSUED:
        raise DomainError(
            f"This certificate is {certificate.get_status_display().lower()}; it cannot be renewed."
        )
    today = timezone.localdate()
    _check_window(certificate, today)
    evidence = renewal_evidence(renewal, certificate, today)
    if not evidence.complete:
        raise DomainError(f"Your renewal still needs {'; and '.join(evidence.missing())}.")
    status = qualification_status(actor, today=today)
    if not status.eligible:
        missing = ", ".join(point.text for point in status.missing)
        raise DomainError(f"Renewal needs your qualifications to be current first: {missing}.")
    previous = renewal.status
    # Once picked, always picked: returning and resubmitting cannot shake off an audit.
    renewal.audited = renewal.audited or pick_for_audit(certificate.program.renewal_audit_percent)
    renewal.status = Status.SUBMITTED
    renewal.submitted_at = timezone.now()
    renewal.rules = rules_of(certificate.program)
    renewal.save(update_fields=["audited", "status", "submitted_at", "rules"])
    audit.record(
        actor=actor,
        action="renewal.submitted",
        target=renewal,
        from_state=previous,
        to_state=Status.SUBMITTED,
        data={
            "audited": renewal.audited,
            "ce_hours": str(evidence.ce_hours),
            "practice_entries": evidence.practice_entries,
        },
    )
    return renewal


# --- program admins -------------------------------------------------------------------------------


def _require_submitted(renewal: Renewal) -> None:
    if renewal.status != Status.SUBMITTED:
        raise DomainError(
            f"This renewal is {renewal.get_status_display().lower()}; it was decided already "
            "or is not submitted."
        )


@transaction.atomic
def approve_renewal(*, renewal: Renewal, actor) -> Renewal:
    """Approve: the new certificate is created (pending, numbered, rendered on commit) and the
    old one is superseded when it is issued. An audited renewal needs every CE item's proof."""
    renewal = _locked(renewal)
    _require_reviewer(renewal, actor)
    _require_submitted(renewal)
    if renewal.audited:
        lacking = items_without_proof(renewal)
        if lacking:
            titles = "; ".join(f"{item.title} ({item.provider})" for item in lacking)
            raise DomainError(
                f"This renewal was picked for a CE audit and proof is missing for: {titles}. "
                "Return it to the holder to upload the proof, or wait for it."
            )
    certificate = Certificate.objects.select_for_update().get(pk=renewal.certificate_id)
    if certificate.status != Certificate.Status.ISSUED:
        raise DomainError(
            f"The certificate is {certificate.get_status_display().lower()}; "
            "it cannot be renewed. Refuse the renewal instead."
        )
    new_certificate = services._create_pending(
        applicant=renewal.holder,
        program=certificate.program,
        issued_on=timezone.localdate(),
        renews=certificate,
        actor=actor,
    )
    if new_certificate is None:
        raise DomainError("A renewed certificate is already being prepared for this holder.")
    renewal.status = Status.APPROVED
    renewal.reviewer = actor
    renewal.decided_at = timezone.now()
    renewal.new_certificate = new_certificate
    renewal.save(update_fields=["status", "reviewer", "decided_at", "new_certificate"])
    audit.record(
        actor=actor,
        action="renewal.approved",
        target=renewal,
        from_state=Status.SUBMITTED,
        to_state=Status.APPROVED,
        data={"new_certificate": new_certificate.number, "audited": renewal.audited},
    )
    services._refresh_pipeline(new_certificate)
    _notify(renewal, "approved")
    return renewal


def _decide_against(renewal: Renewal, *, actor, reason: str, to: str, action: str) -> Renewal:
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason; the holder is e-mailed it.")
    renewal = _locked(renewal)
    _require_reviewer(renewal, actor)
    _require_submitted(renewal)
    renewal.status = to
    renewal.reviewer = actor
    renewal.decided_at = timezone.now()
    renewal.decision_reason = reason
    renewal.save(update_fields=["status", "reviewer", "decided_at", "decision_reason"])
    audit.record(
        actor=actor,
        action=action,
        target=renewal,
        from_state=Status.SUBMITTED,
        to_state=to,
        reason=reason,
    )
    _notify(renewal, to)
    return renewal


@transaction.atomic
def return_renewal(*, renewal: Renewal, actor, reason: str) -> Renewal:
    """Back to the holder with a reason, to complete and submit again."""
    return _decide_against(
        renewal, actor=actor, reason=reason, to=Status.RETURNED, action="renewal.returned"
    )


@transaction.atomic
def refuse_renewal(*, renewal: Renewal, actor, reason: str) -> Renewal:
    """Final: the certificate runs to its expiry; a new renewal may be started in the window."""
    return _decide_against(
        renewal, actor=actor, reason=reason, to=Status.REFUSED, action="renewal.refused"
    )


# --- reminders ------------------------------------------------------------------------------------


def reminder_context(certificate: Certificate, today: date) -> dict:
    """What a certificate's expiry reminder says beyond the date: the evidence still missing
    from the holder's renewal (all of it when none is started), or that it is under review."""
    renewal = (
        Renewal.objects.filter(certificate=certificate, status__in=Renewal.OPEN_STATUSES)
        .prefetch_related("ce_items", "practice_entries")
        .first()
    )
    evidence = renewal_evidence(renewal, certificate, today)
    opens, closes = window_of(certificate)
    # An audited renewal is approved only with a proof of every CE item: still evidence to give.
    proofs = items_without_proof(renewal) if renewal is not None and renewal.audited else []
    return {
        "renewal": renewal,
        "missing": evidence.missing(),
        "proofs_missing": [f"{item.title} ({item.provider})" for item in proofs],
        "window_opens": opens,
        "window_closes": closes,
        "ce_categories": certificate.program.renewal_ce_category_labels(),
    }
