"""Every state change of a certificate, one named function each.

Issuing is an outbox: `issue_if_earned` creates the `pending` row in the transaction that
completed the last step and queues the render on commit; `render_and_issue` (the task's body)
claims the row with a conditional UPDATE, renders outside any transaction, and marks it issued
only while it still holds the claim, so two deliveries or two workers give one certificate and
one e-mail. `sweep_pending` re-queues what a lost message or a dead worker left behind.
"""

import hashlib
import logging
import secrets
from contextlib import contextmanager
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts import audit, pathway_versions
from accounts.access import has_role
from accounts.actors import SYSTEM, Actor
from accounts.emails import queue_email, render_email
from accounts.errors import DomainError
from accounts.names import guess_family_name
from accounts.roles import Role
from accounts.selectors import QualificationStatus, qualification_status
from programs.models import Enrollment, TrainingProgram
from programs.selectors import COUNTING_STATUSES

from .documents import certificate_pdf
from .lapse import reissue_due_after_lapse
from .models import Certificate, CertificatePolicy, certificate_path
from .pipeline import CERTIFIED, PIPELINE_STATUSES, refresh_pathway_step
from .selectors import certificate_to_issue

log = logging.getLogger(__name__)
Status = Certificate.Status

# A claim older than this belongs to a worker that died mid-render; anyone may take it over.
CLAIM_TIMEOUT = timedelta(minutes=10)
# The sweep leaves fresh pending certificates to the task queued at commit.
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_BATCH = 1000
EXPIRY_REMINDER_DAYS = (90, 60, 30)


def _refresh_pipeline(certificate: Certificate) -> None:
    """Where the holder stands moves with the certificate (issued: certified; revoked: back at
    step 5), and no step event of a lower app announces it: store it in the same transaction."""
    refresh_pathway_step(applicant=certificate.holder, program=certificate.program)


def _mark_certified(certificate: Certificate) -> None:
    """An issued certificate is the last step: the holder is certified in its program. Known
    without running the pathway again (its dozen queries per certificate were a third of an
    issue's cost in a burst); the nightly refresh still catches what lapses later."""
    Enrollment.objects.filter(
        applicant_id=certificate.holder_id,
        program_id=certificate.program_id,
        status__in=PIPELINE_STATUSES,
    ).exclude(pathway_step=CERTIFIED).update(pathway_step=CERTIFIED)


# --- what a certificate says ----------------------------------------------------------------------


def _policy(program: TrainingProgram) -> tuple[int, str]:
    policy = CertificatePolicy.objects.filter(program=program).first()
    if policy is None:
        return settings.CERTIFICATE_VALIDITY_MONTHS, "BTX"
    return policy.validity_months, policy.number_prefix


def _snapshot(
    applicant, program: TrainingProgram, qualification: QualificationStatus | None = None
) -> dict:
    """What the certificate prints, frozen now: later changes of names or programs never
    reach an issued certificate (a re-render prints the same). `qualification`: the holder's
    `qualification_status`, when the caller read it already."""
    license = (qualification or qualification_status(applicant)).license
    return {
        "holder_name": applicant.full_legal_name,
        # What the public lookup matches, as the holder gave it (a guess for older accounts).
        "holder_family_name": applicant.family_name or guess_family_name(applicant.full_legal_name),
        "license_type": license.get_license_type_display() if license else "",
        "license_number": license.number if license else "",
        "jurisdiction": license.jurisdiction.name if license else "",
        "program_name": program.name,
        "provider": program.provider,
        "accreditation_body": program.accreditation_body,
        "accreditation_number": program.accreditation_number,
        "director_name": program.director_name,
        "director_title": program.director_title,
    }


def verify_url(certificate: Certificate) -> str:
    path = reverse("certification:verify", args=[certificate.verification_code])
    return f"{settings.SITE_URL}{path}"


def render_data(certificate: Certificate) -> dict:
    return {
        **certificate.snapshot,
        "number": certificate.number,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
    }


def _pdf_storage():
    return Certificate._meta.get_field("pdf").storage


# --- issuing ----------------------------------------------------------------------------------


def enqueue_render(certificate_id: int) -> None:
    """Queue the render once the caller's transaction commits. A broker that is down must not
    fail the request that completed the step: the error is logged (accounts/tasking.py) and the
    sweep issues the certificate later."""
    from .tasks import render_certificate

    render_certificate.delay_on_commit(certificate_id)


def _create_pending(
    *,
    applicant,
    program,
    issued_on: date,
    actor: Actor,
    renews: Certificate | None = None,
    action: str = "",
    qualification: QualificationStatus | None = None,
) -> Certificate | None:
    """The pending row, numbered, audited, its render queued on commit; None if another
    transaction made the pending certificate first (the unique constraint decides).
    `renews`: the certificate it replaces once issued (a renewal, or a lapsed one re-earned).
    `qualification`: the holder's `qualification_status`, when the caller read it already."""
    months, prefix = _policy(program)
    start = max(issued_on, renews.expires_on) if renews else issued_on
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives a clash
            certificate = Certificate.objects.create(
                holder=applicant,
                program=program,
                renews=renews,
                snapshot=_snapshot(applicant, program, qualification),
                issued_on=issued_on,
                expires_on=start + relativedelta(months=months),
            )
    except IntegrityError:
        return None
    # Numbered from the primary key: unique without a counter row to fight over. An UPDATE:
    # the row's save just now announced it (post_save) already.
    certificate.number = f"{prefix}-{issued_on.year}-{certificate.pk:06d}"
    Certificate.objects.filter(pk=certificate.pk).update(number=certificate.number)
    audit.record(
        actor=actor,
        action=action or ("certificate.renewal_requested" if renews else "certificate.created"),
        target=certificate,
        to_state=Status.PENDING,
        data={"program": program.pk, "renews": renews.number if renews else None},
    )
    enqueue_render(certificate.pk)
    return certificate


def _programs_of(applicant) -> list[TrainingProgram]:
    return list(
        TrainingProgram.objects.filter(
            pk__in=applicant.enrollments.filter(status__in=COUNTING_STATUSES).values("program_id")
        )
    )


def _earned_again_since_revocation(applicant, program: TrainingProgram) -> bool:
    """After a revocation the pathway must be completed again: in an enrollment begun after the
    last revocation, so a later step event on the old record (a license re-verified, a CE
    credit) never brings a revoked holder back. A mistaken revocation is undone by reinstating."""
    last_revoked = (
        Certificate.objects.filter(holder=applicant, program=program, status=Status.REVOKED)
        .order_by("-revoked_at")
        .values_list("revoked_at", flat=True)
        .first()
    )
    if last_revoked is None:
        return True
    return applicant.enrollments.filter(
        program=program, status__in=COUNTING_STATUSES, applied_at__gt=last_revoked
    ).exists()


@transaction.atomic
def issue_if_earned(*, applicant, program: TrainingProgram | None = None) -> list[Certificate]:
    """The listener of `accounts.events.step_completed`: runs inside the transaction of the
    step that completed. A certificate for each program whose steps 1-4 now hold.

    Not while one is on its way (pending), nor while one is in force or in its renewal window
    (issued, even expired: that is a renewal's business). A lapsed one (past the window) is
    replaced once the exams were passed again after it lapsed (`lapse.reissue_due_after_lapse`).
    After a revocation, only once the pathway was completed again
    (`_earned_again_since_revocation`). `program` None (step 1 completed) looks at every
    program the applicant is in.
    """
    from .pathway import requirements_met

    created = []
    qualification = None  # read once, by the first pathway check, for every program
    for candidate in [program] if program is not None else _programs_of(applicant):
        held = Certificate.objects.filter(holder=applicant, program=candidate)
        # The cheap checks first: most events come long after (or long before) the certificate.
        if held.filter(status=Status.PENDING).exists():
            continue
        in_force = held.filter(status=Status.ISSUED).select_related("program").first()
        if in_force is not None and not in_force.is_lapsed():
            continue
        held_before = in_force is None and held.exists()  # an earlier one, revoked say
        if held_before and not _earned_again_since_revocation(applicant, candidate):
            continue
        qualification = qualification or qualification_status(applicant)
        earned = requirements_met(applicant, candidate, qualification=qualification)
        if in_force is not None:
            # The pathway counts only the exams sat after the lapse (certification/lapse.py).
            if not reissue_due_after_lapse(in_force, requirements_met=earned):
                continue
            certificate = _create_pending(
                applicant=applicant,
                program=candidate,
                issued_on=timezone.localdate(),
                actor=SYSTEM,
                renews=in_force,
                action="certificate.created_after_lapse",
                qualification=qualification,
            )
        else:
            if not earned:
                continue
            certificate = _create_pending(
                applicant=applicant,
                program=candidate,
                issued_on=timezone.localdate(),
                actor=SYSTEM,
                qualification=qualification,
            )
        if certificate is not None:
            created.append(certificate)
    return created


def _notify(certificate: Certificate, template: str, **context) -> None:
    holder = certificate.holder
    subject, body = render_email(
        template,
        {"user": holder, "certificate": certificate, "site_url": settings.SITE_URL, **context},
    )
    queue_email(to=holder.email, subject=subject, body=body)


@contextmanager
def _issuing_transaction():
    """A transaction of the render task (the claim, the issue) whose commit on PostgreSQL does
    not wait for the disk (`synchronous_commit` off, for this transaction only). A database
    crash in the next fraction of a second may lose it, never make it wrong: the certificate
    is found pending again (claimed, or not yet), the sweep renders it again to the same bytes,
    and its holder has heard nothing, since the e-mail's send commits after it and waits for
    the disk, which writes everything committed before. In a cohort-end burst each render
    waited on the disk twice, its core idle meanwhile (~8% of a worker process's time)."""
    # Inside a caller's transaction (a task run eagerly), its commit is the caller's to say.
    own = not connection.in_atomic_block
    with transaction.atomic():
        if own and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _claim(certificate_id: int, now) -> str | None:
    token = secrets.token_hex(16)
    with _issuing_transaction():
        claimed = (
            Certificate.objects.filter(pk=certificate_id, status=Status.PENDING)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
            .update(claim_token=token, claimed_at=now, attempts=F("attempts") + 1)
        )
    return token if claimed == 1 else None


def render_and_issue(*, certificate_id: int) -> str:
    """The render task's body; safe to run any number of times, on any number of workers."""
    token = _claim(certificate_id, timezone.now())
    if token is None:
        return "not pending or claimed by another worker"
    certificate = certificate_to_issue(certificate_id)
    if certificate is None:  # deleted since the claim
        return "not pending or claimed by another worker"
    name, content = _render_and_store(certificate, token)
    try:
        return _finish_issue(certificate, token=token, name=name, content=content)
    except Exception as error:
        _release(certificate_id, token, error)
        _pdf_storage().delete(name)
        raise


def _release(certificate_id: int, token: str, error: Exception) -> None:
    # Let the retry (or the sweep) take it again at once rather than after CLAIM_TIMEOUT.
    Certificate.objects.filter(pk=certificate_id, claim_token=token).update(
        claim_token="", claimed_at=None, last_error=repr(error)[:2000]
    )


def _render_and_store(certificate: Certificate, token: str) -> tuple[str, bytes]:
    try:
        # Outside any transaction: a render must not hold row locks while Pango lays out text.
        content = certificate_pdf(render_data(certificate), verify_url(certificate))
        name = _pdf_storage().save(certificate_path(certificate, ""), ContentFile(content))
    except Exception as error:
        _release(certificate.pk, token, error)
        raise
    return name, content


class _ClaimLost(Exception):
    """Our claim went stale and another worker took the certificate over (or an admin revoked
    it): what this worker wrote is undone."""


def _finish_issue(certificate: Certificate, *, token: str, name: str, content: bytes) -> str:
    """Mark issued, only while this worker still holds the claim; else drop its file."""
    try:
        with _issuing_transaction():
            _mark_issued(certificate, token=token, name=name, content=content)
    except _ClaimLost:
        _pdf_storage().delete(name)
        return "claim lost"
    return "issued"


def _mark_issued(certificate: Certificate, *, token: str, name: str, content: bytes) -> None:
    if certificate.renews_id:
        # First, as one certificate only may be in force (a constraint); rolled back with the
        # rest if the claim turns out lost.
        _supersede(certificate.renews_id, replacement=certificate)
    now = timezone.now()
    sha256 = hashlib.sha256(content).hexdigest()
    # The claim is checked by the UPDATE that marks the certificate issued, which locks the row:
    # no read and lock before it (a query less in every issue of a burst).
    marked = Certificate.objects.filter(
        pk=certificate.pk, status=Status.PENDING, claim_token=token
    ).update(
        pdf=name, sha256=sha256, status=Status.ISSUED, issued_at=now, claim_token="", last_error=""
    )
    if not marked:
        raise _ClaimLost
    certificate.pdf.name, certificate.sha256, certificate.issued_at = name, sha256, now
    certificate.status, certificate.claim_token, certificate.last_error = Status.ISSUED, "", ""
    # What a save would have announced (an UPDATE sends no post_save): the holder's pathway
    # changed. The public status lists hear of it from the audit entry (credential_status.py).
    pathway_versions.applicants_changed([certificate.holder_id])
    audit.record(
        actor=SYSTEM,
        action="certificate.issued",
        target=certificate,
        from_state=Status.PENDING,
        to_state=Status.ISSUED,
        data={"sha256": sha256, "attempts": certificate.attempts},
    )
    _mark_certified(certificate)
    _notify(certificate, "certificate_issued", verify_url=verify_url(certificate))


def _supersede(certificate_id: int, *, replacement: Certificate) -> None:
    old = Certificate.objects.select_for_update().get(pk=certificate_id)
    if old.status != Status.ISSUED:
        return  # revoked meanwhile: it stays revoked
    old.status = Status.SUPERSEDED
    old.superseded_at = timezone.now()
    old.save(update_fields=["status", "superseded_at"])
    audit.record(
        actor=SYSTEM,
        action="certificate.superseded",
        target=old,
        from_state=Status.ISSUED,
        to_state=Status.SUPERSEDED,
        data={"replaced_by": replacement.number},
    )


def sweep_pending(*, now=None, grace: timedelta = SWEEP_GRACE) -> int:
    """Re-queue pending certificates nobody is working on: never queued (the broker was down
    at commit), retries exhausted, or claimed by a worker that died. Duplicates are harmless:
    the claim lets one task through."""
    now = now or timezone.now()
    ids = list(
        Certificate.objects.filter(status=Status.PENDING, created_at__lte=now - grace)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    from .tasks import render_certificate

    # Not after commit: the sweep runs in a worker, outside any transaction, and the rows are
    # already saved. A broker error fails this sweep; the next one tries again.
    for certificate_id in ids:
        render_certificate.delay(certificate_id)
    return len(ids)


# --- admin actions ------------------------------------------------------------------------------


def _require_admin(actor, what: str) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError(f"Only a program admin can {what}.")


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Revoke with a reason; the public page says so from the next request on."""
    _require_admin(actor, "revoke a certificate")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for the revocation; it is recorded and shown.")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status not in (Status.ISSUED, Status.PENDING):
        raise DomainError(
            f"This certificate is {certificate.get_status_display().lower()}; it cannot be revoked."
        )
    previous = certificate.status
    certificate.status = Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason
    certificate.flagged_at = None  # revoking is the admin's decision on a flag
    certificate.save(
        update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "flagged_at"]
    )
    audit.record(
        actor=actor,
        action="certificate.revoked",
        target=certificate,
        from_state=previous,
        to_state=Status.REVOKED,
        reason=reason,
    )
    # A renewal on its way would bring the revoked holder back: it goes too.
    for renewal in Certificate.objects.select_for_update().filter(
        renews=certificate, status=Status.PENDING
    ):
        revoke_certificate(
            certificate=renewal,
            actor=actor,
            reason=f"The certificate it renews was revoked: {reason}",
        )
    _refresh_pipeline(certificate)
    if previous == Status.ISSUED:
        _notify(certificate, "certificate_revoked")
    return certificate


def rerender_certificate(*, certificate: Certificate, actor) -> Certificate:
    """Render an issued certificate again (a lost or damaged file) from its frozen data: same
    text, same number, same dates. The same renderer gives identical bytes, so the hash stays; a
    certificate issued before a change of the page (its fonts, say) gets new bytes, and the new
    hash is recorded and audited beside the old."""
    _require_admin(actor, "re-render a certificate")
    if certificate.status != Status.ISSUED:
        raise DomainError("Only an issued certificate can be rendered again.")
    storage = _pdf_storage()
    content = certificate_pdf(render_data(certificate), verify_url(certificate))
    name = storage.save(certificate_path(certificate, ""), ContentFile(content))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != Status.ISSUED:
            transaction.on_commit(lambda: storage.delete(name))
            raise DomainError("The certificate changed meanwhile; nothing was rendered.")
        old_name, old_hash = locked.pdf.name, locked.sha256
        locked.pdf.name = name
        locked.sha256 = hashlib.sha256(content).hexdigest()
        locked.save(update_fields=["pdf", "sha256"])
        audit.record(
            actor=actor,
            action="certificate.rerendered",
            target=locked,
            from_state=locked.status,
            to_state=locked.status,
            data={"old_sha256": old_hash, "sha256": locked.sha256},
        )
        if old_name and old_name != name:
            transaction.on_commit(lambda: storage.delete(old_name))
    return locked


# --- the holder: renewal by evidence is in renewals.py; its reminders are here ------------------


def remind_expiring(*, today: date | None = None) -> int:
    """The daily job: remind holders 90, 60 and 30 days before expiry, once per threshold,
    with the renewal evidence still missing.

    Nearest threshold first, as for licenses: a certificate first seen 20 days out gets the
    30-day reminder only. Each reminder is claimed with a conditional update."""
    from .renewals import reminder_context  # renewals builds on this module

    today = today or timezone.localdate()
    sent = 0
    for days in sorted(EXPIRY_REMINDER_DAYS):
        due = (
            Certificate.objects.filter(
                status=Status.ISSUED,
                expires_on__gte=today,
                expires_on__lte=today + timedelta(days=days),
            )
            .filter(
                Q(last_expiry_reminder_days__isnull=True) | Q(last_expiry_reminder_days__gt=days)
            )
            .exclude(renewals__status__in=[Status.PENDING, Status.ISSUED])
            .select_related("holder")
        )
        for certificate in due.iterator():
            with transaction.atomic():
                claimed = Certificate.objects.filter(
                    pk=certificate.pk,
                    last_expiry_reminder_days=certificate.last_expiry_reminder_days,
                ).update(last_expiry_reminder_days=days)
                if not claimed:
                    continue
                _notify(
                    certificate,
                    "certificate_expiry_reminder",
                    days=(certificate.expires_on - today).days,
                    **reminder_context(certificate, today),  # the evidence still missing
                )
                sent += 1
    return sent
