"""Exam day: the identity check that opens scoring, cancelling, moving and "did not attend",
flagging an examiner who has come to teach their candidate, and the candidate's "I am ready".

Lock order as everywhere in the practical exam: the sitting row, then the assignment rows."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts import audit, events
from accounts.access import has_role
from accounts.actors import SYSTEM
from accounts.errors import DomainError
from accounts.models import User
from accounts.roles import Role
from programs.models import TrainingProgram
from programs.selectors import hands_on_status

from ...models.practical import ExaminerAssignment, PracticalReadiness, PracticalSitting
from . import notices
from ._common import Status, _require_admin

# The examiner may check the candidate's ID from a little before the start (the candidate is
# asked to come early); scoring itself opens at the start time.
ID_CHECK_OPENS_BEFORE = timedelta(minutes=30)


def _lock(sitting: PracticalSitting) -> PracticalSitting:
    return (
        PracticalSitting.objects.select_for_update()
        .select_related("candidate", "program")
        .get(pk=sitting.pk)
    )


def _is_examiner_of(sitting: PracticalSitting, user: User) -> bool:
    return sitting.assignments.filter(examiner=user).exists()


# --- identity check -----------------------------------------------------------------------------


@transaction.atomic
def record_identity_check(
    *,
    sitting: PracticalSitting,
    actor: User,
    document_type: str,
    last_four: str,
    name_matches: bool,
) -> PracticalSitting:
    """An assigned examiner has seen the candidate's photo ID and confirms it bears their legal
    name. Only the kind of document and the last four characters of its number are kept."""
    sitting = _lock(sitting)
    if not _is_examiner_of(sitting, actor):
        raise DomainError("Only an examiner of this sitting can check the candidate's ID.")
    if sitting.status != Status.SCHEDULED:
        raise DomainError(f"This sitting is {sitting.get_status_display().lower()}.")
    if sitting.identity_checked():
        raise DomainError("The candidate's ID has already been checked for this sitting.")
    if timezone.now() < sitting.starts_at - ID_CHECK_OPENS_BEFORE:
        raise DomainError("The ID is checked at the sitting, from 30 minutes before it starts.")
    if not name_matches:
        raise DomainError(
            "Scoring stays closed: the ID must bear the candidate's legal name "
            f"({sitting.candidate.full_legal_name}). If it does not, mark the sitting as "
            "not attended or ask a program admin."
        )
    if document_type not in PracticalSitting.IdDocument.values:
        raise DomainError("Choose the kind of photo ID from the list.")
    last_four = last_four.strip().upper()
    if len(last_four) != 4 or not last_four.isalnum():
        raise DomainError("Give the last four characters (letters or digits) of the ID number.")
    sitting.id_checked_at = timezone.now()
    sitting.id_checked_by = actor
    sitting.id_document_type = document_type
    sitting.id_number_last_four = last_four
    sitting.save(
        update_fields=[
            "id_checked_at",
            "id_checked_by",
            "id_document_type",
            "id_number_last_four",
        ]
    )
    audit.record(
        actor=actor,
        action="sitting.identity_checked",
        target=sitting,
        data={"document_type": document_type, "last_four": last_four},
    )
    return sitting


# --- cancel, move, did not attend ---------------------------------------------------------------


@transaction.atomic
def cancel_sitting(*, sitting: PracticalSitting, actor: User, reason: str) -> PracticalSitting:
    """An admin cancels a sitting that has no result; the candidate can be scheduled again and
    no attempt is used. Drafts stay, for the record; the calendars get a CANCEL."""
    _require_admin(actor, "cancel sittings")
    if not reason.strip():
        raise DomainError("Give the reason for the cancellation; the candidate reads it.")
    sitting = _lock(sitting)
    if sitting.candidate_id == actor.pk:
        raise DomainError("You cannot cancel your own practical exam.")
    if sitting.status != Status.SCHEDULED:
        raise DomainError(
            f"Only a sitting awaiting scores can be cancelled; this one is "
            f"{sitting.get_status_display().lower()}."
        )
    if sitting.assignments.filter(status=ExaminerAssignment.Status.SUBMITTED).exists():
        raise DomainError(
            "An examiner has already submitted a score form; the sitting took place and "
            "cannot be cancelled."
        )
    _close(sitting, Status.CANCELLED, actor=actor, reason=reason.strip())
    notices.notify_sitting(sitting, kind=notices.CANCELLED)
    return sitting


@transaction.atomic
def mark_no_show(*, sitting: PracticalSitting, actor: User, reason: str = "") -> PracticalSitting:
    """The candidate did not come. An examiner of the sitting or an admin records it once the
    sitting has started; it uses one attempt, and the candidate can be scheduled again."""
    sitting = _lock(sitting)
    if not (has_role(actor, Role.PROGRAM_ADMIN) or _is_examiner_of(sitting, actor)):
        raise DomainError("Only an examiner of this sitting or a program admin can do this.")
    if sitting.candidate_id == actor.pk:
        raise DomainError("You cannot record your own attendance.")
    if sitting.status != Status.SCHEDULED:
        raise DomainError(f"This sitting is {sitting.get_status_display().lower()}.")
    if not sitting.has_started():
        raise DomainError("A candidate can be marked absent only once the sitting has started.")
    if sitting.identity_checked():
        raise DomainError("The candidate's ID was checked: they attended. Score the sitting.")
    if sitting.assignments.filter(status=ExaminerAssignment.Status.SUBMITTED).exists():
        raise DomainError("An examiner has submitted a score form: the candidate attended.")
    _close(sitting, Status.NO_SHOW, actor=actor, reason=reason.strip())
    return sitting


def _close(sitting: PracticalSitting, status: str, *, actor: User, reason: str) -> None:
    previous = sitting.status
    sitting.status = status
    sitting.closed_at = timezone.now()
    sitting.closed_by = actor
    sitting.close_reason = reason
    fields = ["status", "closed_at", "closed_by", "close_reason"]
    if status == Status.CANCELLED:
        sitting.calendar_sequence += 1
        fields.append("calendar_sequence")
    sitting.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=f"sitting.{status}",
        target=sitting,
        from_state=previous,
        to_state=status,
        reason=reason,
    )


@transaction.atomic
def reschedule_sitting(
    *,
    sitting: PracticalSitting,
    actor: User,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    reason: str = "",
) -> PracticalSitting:
    """An admin moves a sitting that has not started. Each examiner's other sittings are checked
    again for overlap (their rows locked, as at assignment); everyone gets the new invitation."""
    from .scheduling import _overlapping

    _require_admin(actor, "move sittings")
    if duration_minutes <= 0:
        raise DomainError("The sitting needs a duration.")
    if starts_at <= timezone.now():
        raise DomainError("A sitting is moved to a time in the future.")
    if not place.strip():
        raise DomainError("Say where the sitting takes place.")
    sitting = _lock(sitting)
    if sitting.status != Status.SCHEDULED:
        raise DomainError(f"This sitting is {sitting.get_status_display().lower()}.")
    if sitting.has_started() or sitting.identity_checked():
        raise DomainError("This sitting has started; it can no longer be moved.")
    before = {
        "starts_at": sitting.starts_at.isoformat(),
        "duration_minutes": sitting.duration_minutes,
        "place": sitting.place,
    }
    sitting.starts_at = starts_at
    sitting.duration_minutes = duration_minutes
    sitting.place = place.strip()
    sitting.ends_at = starts_at + timedelta(minutes=duration_minutes)
    examiner_ids = list(sitting.assignments.values_list("examiner_id", flat=True))
    for examiner in User.objects.select_for_update().filter(pk__in=examiner_ids).order_by("pk"):
        clash = _overlapping(sitting, examiner).select_related("sitting").first()
        if clash is not None:
            other = timezone.localtime(clash.sitting.starts_at)
            raise DomainError(
                f"{examiner.full_legal_name} examines another sitting at that time "
                f"({other:%d %b %Y %H:%M}); nothing was changed."
            )
    sitting.calendar_sequence += 1
    sitting.save(
        update_fields=["starts_at", "duration_minutes", "place", "ends_at", "calendar_sequence"]
    )
    audit.record(
        actor=actor,
        action="sitting.rescheduled",
        target=sitting,
        from_state=before["starts_at"],
        to_state=sitting.starts_at.isoformat(),
        reason=reason.strip(),
        data={
            "before": before,
            "after": {"duration_minutes": duration_minutes, "place": sitting.place},
        },
    )
    notices.notify_sitting(sitting, kind=notices.MOVED)
    return sitting


# --- examiner conflicts -------------------------------------------------------------------------


def flag_examiner_conflicts(*, examiner_ids, candidate_ids, reason: str) -> int:
    """Flag the open assignments of these examiners on these candidates' sittings (the examiner
    now teaches or supervises them). Called when a cohort gains an instructor or a session its
    supervisor; returns how many were flagged. Scoring re-checks regardless."""
    with transaction.atomic():
        assignments = list(
            ExaminerAssignment.objects.select_for_update()
            .filter(
                examiner_id__in=list(examiner_ids),
                sitting__candidate_id__in=list(candidate_ids),
                sitting__status__in=PracticalSitting.OPEN,
                status=ExaminerAssignment.Status.DRAFT,
                conflict_flagged_at__isnull=True,
            )
            .select_related("sitting")
        )
        now = timezone.now()
        for assignment in assignments:
            assignment.conflict_flagged_at = now
            assignment.conflict_reason = reason[:300]
            assignment.save(update_fields=["conflict_flagged_at", "conflict_reason"])
            audit.record(
                actor=SYSTEM,
                action="sitting.examiner_conflict_flagged",
                target=assignment.sitting,
                reason=reason,
                data={"examiner": assignment.examiner_id, "assignment": assignment.pk},
            )
    return len(assignments)


# --- "I am ready" -------------------------------------------------------------------------------


@transaction.atomic
def declare_ready(*, actor: User, program: TrainingProgram) -> PracticalReadiness:
    """The candidate tells the admins they are ready for the practical exam; shown in the ready
    queue. Only once the hands-on minimums are met and with no sitting open."""
    if not has_role(actor, Role.APPLICANT):
        raise DomainError("Only a candidate can say they are ready.")
    if not hands_on_status(actor, program).minimums_met:
        raise DomainError(
            "You can say you are ready once your hands-on minimums are met and verified."
        )
    sittings = PracticalSitting.objects.filter(candidate=actor, program=program)
    # A holder whose certificate lapsed sits it again: a pass before the lapse no longer counts.
    since = events.results_since(applicant=actor, program=program)
    passed = sittings.filter(status=Status.PASSED)
    if since is not None:
        passed = passed.filter(starts_at__gte=since)
    if sittings.filter(status__in=PracticalSitting.OPEN).exists() or passed.exists():
        raise DomainError("You already have a practical exam scheduled or passed.")
    readiness, created = PracticalReadiness.objects.get_or_create(candidate=actor, program=program)
    if not created:
        raise DomainError("You have already told the program admins; they will schedule you.")
    audit.record(actor=actor, action="practical.ready_declared", target=readiness)
    return readiness
