"""Scheduling a candidate's sitting, and assigning examiners to it.

Assigning an examiner locks the examiner's user row first, so two assignments of one examiner
at once are checked for overlap one after the other.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts import audit, events
from accounts.access import has_role
from accounts.errors import DomainError
from accounts.models import User
from accounts.roles import Role
from programs.selectors import hands_on_status, instructor_ids_who_supervised

from ...models.practical import (
    ExaminerAssignment,
    PracticalReadiness,
    PracticalSitting,
    Rubric,
)
from ...selectors.practical import practical_resit_state
from . import notices
from ._common import Status, _require_admin
from .results import _combine_if_complete


def _after(since: datetime | None) -> dict:
    """The filter of the sittings that count (all of them, or those after a lapse)."""
    return {"starts_at__gte": since} if since is not None else {}


@transaction.atomic
def schedule_sitting(
    *,
    candidate: User,
    rubric: Rubric,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    actor: User,
) -> PracticalSitting:
    """A program admin schedules a candidate's practical exam on the rubric's current version."""
    _require_admin(actor, "schedule practical exams")
    if candidate.pk == actor.pk:
        raise DomainError("You cannot schedule your own practical exam.")
    if not has_role(candidate, Role.APPLICANT):
        raise DomainError(f"{candidate.full_legal_name} is not an applicant.")
    if duration_minutes <= 0:
        raise DomainError("The sitting needs a duration.")
    if starts_at <= timezone.now():
        raise DomainError("A sitting is scheduled in the future.")
    program = rubric.program
    # Lock the candidate, so that two admins cannot schedule two open sittings at once.
    candidate = User.objects.select_for_update().get(pk=candidate.pk)
    status = hands_on_status(candidate, program)
    if not status.minimums_met:
        raise DomainError(
            f"{candidate.full_legal_name} has not met the hands-on minimums of {program}: "
            f"{', '.join(status.missing)}."
        )
    sittings = PracticalSitting.objects.filter(candidate=candidate, program=program)
    # A holder whose certificate lapsed sits it again: only sittings after the lapse count.
    since = events.results_since(applicant=candidate, program=program)
    if sittings.filter(status=Status.PASSED, **_after(since)).exists():
        raise DomainError(f"{candidate.full_legal_name} has already passed this practical exam.")
    if sittings.filter(status__in=PracticalSitting.OPEN).exists():
        raise DomainError(
            f"{candidate.full_legal_name} already has a practical exam awaiting its result."
        )
    # The resit policy: attempts in the round, the waiting period (counted to the new start).
    resit = practical_resit_state(candidate, program, since=since)
    refusal = resit.refusal(now=starts_at)
    if refusal:
        raise DomainError(f"{candidate.full_legal_name} cannot sit again yet. {refusal}")
    # The rubric's lock, which revise_rubric takes too: it edits a version in place only while
    # no sitting uses it, so no sitting may land on a version being edited. A version in use
    # never changes after that (the score form keeps its criteria in the cache by version).
    Rubric.objects.select_for_update().filter(pk=rubric.pk).first()
    version = rubric.versions.order_by("-number").first()
    if version is None:
        raise DomainError("This rubric has no criteria yet.")
    sitting = PracticalSitting.objects.create(
        candidate=candidate,
        program=program,
        rubric_version=version,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        scheduled_by=actor,
    )
    audit.record(actor=actor, action="sitting.scheduled", target=sitting, to_state=Status.SCHEDULED)
    # The candidate's "I am ready" is answered: off the ready queue.
    PracticalReadiness.objects.filter(candidate=candidate, program=program).delete()
    notices.notify_sitting(sitting, kind=notices.SCHEDULED)
    return sitting


def _overlapping(sitting: PracticalSitting, examiner: User):
    return (
        ExaminerAssignment.objects.filter(
            examiner=examiner,
            sitting__starts_at__lt=sitting.ends_at,
            sitting__ends_at__gt=sitting.starts_at,
        )
        .exclude(sitting=sitting)
        .exclude(sitting__status=Status.CANCELLED)  # a cancelled sitting frees its examiners
    )


@transaction.atomic
def assign_examiner(
    *, sitting: PracticalSitting, examiner: User, actor: User
) -> ExaminerAssignment:
    _require_admin(actor, "assign examiners")
    sitting = (
        PracticalSitting.objects.select_for_update().select_related("candidate").get(pk=sitting.pk)
    )
    if sitting.status != Status.SCHEDULED:
        raise DomainError(
            f"This sitting is {sitting.get_status_display().lower()}; no examiner can be added."
        )
    if not has_role(examiner, Role.EXAMINER):
        raise DomainError(f"{examiner.full_legal_name} does not hold the examiner role.")
    if examiner.pk == sitting.candidate_id:
        raise DomainError("A candidate cannot examine their own sitting.")
    if examiner.pk in instructor_ids_who_supervised(sitting.candidate):
        raise DomainError(
            f"{examiner.full_legal_name} taught or supervised "
            f"{sitting.candidate.full_legal_name} and cannot examine them."
        )
    # The examiner's row is the lock: their assignments are checked and made one at a time.
    examiner = User.objects.select_for_update().get(pk=examiner.pk)
    if sitting.assignments.filter(examiner=examiner).exists():
        raise DomainError(f"{examiner.full_legal_name} is already assigned to this sitting.")
    clash = _overlapping(sitting, examiner).select_related("sitting").first()
    if clash is not None:
        other = timezone.localtime(clash.sitting.starts_at)
        raise DomainError(
            f"{examiner.full_legal_name} examines another sitting at that time "
            f"({other:%d %b %Y %H:%M}, {clash.sitting.duration_minutes} min)."
        )
    assignment = ExaminerAssignment.objects.create(
        sitting=sitting, examiner=examiner, assigned_by=actor
    )
    audit.record(
        actor=actor,
        action="sitting.examiner_assigned",
        target=sitting,
        data={"examiner": examiner.pk, "assignment": assignment.pk},
    )
    notices.notify_examiner(sitting, examiner, kind=notices.SCHEDULED)
    return assignment


@transaction.atomic
def remove_examiner(*, assignment: ExaminerAssignment, actor: User, reason: str = "") -> None:
    """Take an examiner off a sitting before they submit (their draft goes with them)."""
    _require_admin(actor, "change examiners")
    sitting = PracticalSitting.objects.select_for_update().get(pk=assignment.sitting_id)
    assignment = ExaminerAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.is_locked() or sitting.status != Status.SCHEDULED:
        raise DomainError(
            "A submitted form stays with its sitting; the examiner cannot be removed."
        )
    audit.record(
        actor=actor,
        action="sitting.examiner_removed",
        target=sitting,
        reason=reason,
        data={"examiner": assignment.examiner_id},
    )
    examiner = assignment.examiner
    assignment.delete()
    if sitting.starts_at > timezone.now():
        notices.notify_examiner(sitting, examiner, kind=notices.CANCELLED)
    _combine_if_complete(sitting)
