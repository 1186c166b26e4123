"""State changes of the written exam: accommodations and attempts (the bank is in
written_bank.py, the exam's settings in written_setup.py).

The deadline is the server's: an answer that arrives after it is refused, and an open attempt
past it is submitted by whichever comes first of (a) the next request that touches it, (b) the
task queued at start for the deadline, (c) the periodic sweep. Submission is one conditional
UPDATE (open -> submitted), so it happens exactly once whichever path wins.
"""

import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Least
from django.utils import timezone

from accounts import audit, events, pathway_versions
from accounts.actors import SYSTEM
from accounts.errors import DomainError
from programs.selectors import current_enrollment, theory_complete

from ..models.written import (
    Accommodation,
    Attempt,
    AttemptItem,
    BlueprintRow,
    QuestionVersion,
    WrittenExam,
)
from . import written_autosave
from .written_autosave import SavedAnswer
from .written_bank import require_admin

log = logging.getLogger(__name__)

_random = secrets.SystemRandom()


# --- accommodations ---------------------------------------------------------------------------


@transaction.atomic
def grant_accommodation(
    *, exam: WrittenExam, candidate, extra_minutes: int, extra_attempts: int, reason: str, actor
) -> Accommodation:
    """Extra time (also for an attempt in progress) or extra attempts, with the reason."""
    require_admin(actor)
    if extra_minutes <= 0 and extra_attempts <= 0:
        raise DomainError("Grant extra minutes, extra attempts, or both.")
    if not reason.strip():
        raise DomainError("Give the reason for the accommodation.")
    if candidate.pk == actor.pk:
        raise DomainError("You cannot grant an accommodation to yourself.")
    accommodation = Accommodation.objects.create(
        exam=exam,
        candidate=candidate,
        extra_minutes=extra_minutes,
        extra_attempts=extra_attempts,
        reason=reason.strip(),
        granted_by=actor,
    )
    audit.record(
        actor=actor,
        action="written_accommodation.granted",
        target=accommodation,
        reason=reason.strip(),
        data={"extra_minutes": extra_minutes, "extra_attempts": extra_attempts},
    )
    if extra_minutes:
        now = timezone.now()
        open_attempt = (
            Attempt.objects.select_for_update()
            .filter(exam=exam, candidate=candidate, status=Attempt.Status.OPEN, deadline__gt=now)
            .first()
        )
        if open_attempt is not None:
            previous = open_attempt.deadline
            open_attempt.deadline = previous + timedelta(minutes=extra_minutes)
            open_attempt.save(update_fields=["deadline"])
            audit.record(
                actor=actor,
                action="written_attempt.deadline_extended",
                target=open_attempt,
                from_state=previous.isoformat(),
                to_state=open_attempt.deadline.isoformat(),
                reason=reason.strip(),
            )
            _schedule_deadline(open_attempt)
    return accommodation


# --- attempts -----------------------------------------------------------------------------------


def _schedule_deadline(attempt: Attempt) -> None:
    from ..tasks import submit_written_attempt_at_deadline

    # With the broker down the candidate still gets their exam page: beat's
    # submit_overdue_written_attempts submits the attempt at its deadline.
    submit_written_attempt_at_deadline.apply_async_on_commit(
        args=[attempt.pk], eta=attempt.deadline
    )


@dataclass
class _Unit:
    """What is drawn at once: one question, or a case with all its sub-questions."""

    versions: list[QuestionVersion] = field(default_factory=list)
    seen: bool = False


def _units(seen_question_ids: set[int]) -> list[_Unit]:
    versions = QuestionVersion.objects.filter(
        question__is_active=True, question__current_version_id=F("id"), voided_at__isnull=True
    ).select_related("question")
    by_case: dict[int, _Unit] = defaultdict(_Unit)
    units = []
    for version in versions:
        vignette_id = version.question.vignette_id
        unit = by_case[vignette_id] if vignette_id else _Unit()
        if not vignette_id or not unit.versions:
            units.append(unit)
        unit.versions.append(version)
        unit.seen = unit.seen or version.question_id in seen_question_ids
    return units


def draw_questions(
    exam: WrittenExam, rows: list[BlueprintRow], seen_question_ids: set[int]
) -> list[QuestionVersion]:
    """Fill every blueprint row with current versions of active questions, at random, taking
    questions the candidate has not seen before first. A case is drawn whole, each sub-question
    filling a slot of its own topic and difficulty; a case that does not fit is left out.
    Rows with an exact difficulty fill before rows of any difficulty."""
    units = _units(seen_question_ids)
    _random.shuffle(units)
    units.sort(key=lambda unit: unit.seen)  # stable: unseen first, each group shuffled
    rows = sorted(rows, key=lambda row: row.difficulty == "")
    left = {row.pk or id(row): row.count for row in rows}

    def slot_for(version, taken):
        for row in rows:
            key = row.pk or id(row)
            if row.accepts(version.topic_id, version.difficulty) and left[key] - taken[key] > 0:
                return key
        return None

    drawn: list[QuestionVersion] = []
    for unit in units:
        taken: dict = defaultdict(int)
        slots = []
        for version in unit.versions:
            slot = slot_for(version, taken)
            if slot is None:
                break
            taken[slot] += 1
            slots.append(slot)
        else:
            for slot in slots:
                left[slot] -= 1
            drawn.extend(unit.versions)
        if not any(left.values()):
            break
    short = [row for row in rows if left[row.pk or id(row)] > 0]
    if short:
        names = ", ".join(
            f"{row.topic} ({row.get_difficulty_display().lower() if row.difficulty else 'any'}):"
            f" {left[row.pk or id(row)]} more"
            for row in short
        )
        raise DomainError(
            f"The question bank cannot fill this exam's blueprint yet ({names}). "
            "Ask a program admin to add questions."
        )
    return drawn


def _order(drawn: list[QuestionVersion]) -> list[QuestionVersion]:
    """Shuffle the questions, keeping each case's sub-questions together after its case."""
    groups: dict = {}
    for version in drawn:
        key = ("case", version.question.vignette_id) if version.question.vignette_id else version.pk
        groups.setdefault(key, []).append(version)
    ordered = list(groups.values())
    _random.shuffle(ordered)
    return [version for group in ordered for version in group]


@transaction.atomic
def start_attempt(*, exam: WrittenExam, candidate) -> Attempt:
    """Open a new attempt: checks the candidate may sit now, draws and shuffles their items, and
    queues the automatic submission at the deadline."""
    from ..selectors.written import attempts_summary

    if not exam.is_active:
        raise DomainError("This exam is not open for attempts.")
    if current_enrollment(candidate, exam.program) is None:
        raise DomainError(f"Only trainees enrolled in {exam.program} can sit its written exam.")
    if not theory_complete(candidate, exam.program):
        raise DomainError(
            f"The written exam unlocks when every theory module of {exam.program} is complete."
        )
    submit_overdue_attempts(candidate=candidate)
    # A holder whose certificate lapsed sits the exam afresh: earlier attempts no longer count.
    since = events.results_since(applicant=candidate, program=exam.program)
    summary = attempts_summary(exam, candidate, since=since)
    if summary.open_attempt is not None:
        raise DomainError("You already have an attempt in progress; continue it.")
    if summary.passed:
        raise DomainError("You have passed this exam already.")
    if summary.attempts_used >= summary.attempts_allowed:
        # The program's resit policy: what reopens the exam after the last failed attempt.
        raise DomainError(
            f"{summary.what_reopens()} A program admin can also grant an extra attempt."
        )
    now = timezone.now()
    if summary.next_attempt_at and now < summary.next_attempt_at:
        raise DomainError(
            "You may start your next attempt from "
            f"{timezone.localtime(summary.next_attempt_at):%-d %b %Y, %H:%M}."
        )
    rows = list(exam.blueprint.select_related("topic"))
    if not rows:
        raise DomainError("This exam has no blueprint yet.")
    seen = set(
        AttemptItem.objects.filter(attempt__candidate=candidate, attempt__exam=exam).values_list(
            "question_id", flat=True
        )
    )
    versions = _order(draw_questions(exam, rows, seen))
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                exam=exam,
                candidate=candidate,
                number=summary.last_number + 1,  # all rounds: numbers never repeat
                started_at=now,
                deadline=now + timedelta(minutes=exam.time_limit_minutes + summary.extra_minutes),
                max_points=len(versions),
            )
    except IntegrityError as error:  # a second start at the same moment (another tab)
        raise DomainError("You already have an attempt in progress; continue it.") from error
    items = []
    for position, version in enumerate(versions, start=1):
        keys = [option["key"] for option in version.options]
        _random.shuffle(keys)
        items.append(
            AttemptItem(
                attempt=attempt,
                position=position,
                question_id=version.question_id,
                version=version,
                option_order=keys,
            )
        )
    AttemptItem.objects.bulk_create(items)
    audit.record(
        actor=candidate,
        action="written_attempt.started",
        target=attempt,
        to_state=Attempt.Status.OPEN,
        data={"deadline": attempt.deadline.isoformat(), "items": len(items)},
    )
    _schedule_deadline(attempt)
    return attempt


def _choices_to_keys(item: AttemptItem, choices: list) -> list[str]:
    """The page posts option positions (0-based, as shown); turn them into the version's keys."""
    try:
        indices = sorted({int(choice) for choice in choices})
    except (TypeError, ValueError) as error:
        raise DomainError(f"Question {item.position}: that is not one of its options.") from error
    if any(index < 0 or index >= len(item.option_order) for index in indices):
        raise DomainError(f"Question {item.position}: that is not one of its options.")
    if len(indices) > 1 and not item.question.is_multiple:
        raise DomainError(f"Question {item.position}: choose one option only.")
    return sorted(item.option_order[index] for index in indices)


class AttemptClosed(DomainError):
    """The attempt takes no more answers (submitted, or its time is up)."""


class TimeIsUp(AttemptClosed):
    """The answer came after the deadline; the attempt is to be submitted as it stood."""


class NotYourAttempt(DomainError):
    """No such attempt, or someone else's: the page answers it as missing (404)."""


def save_answers(*, attempt: Attempt, actor, answers: dict[int, list]) -> int:
    """Store the candidate's answers ({position: [chosen option positions]}) while the attempt is
    open and before its deadline. Positions outside the attempt are refused; nothing is saved
    unless all are valid. Returns how many answers changed."""
    return _save_answers(attempt.pk, actor, answers)[1]


def autosave_answer(*, attempt_id: int, actor, position: int, choices: list) -> SavedAnswer:
    """One answer from the attempt page's autosave, the attempt read by id (no read of its own
    first). Raises NotYourAttempt for an attempt that is missing or someone else's.

    On PostgreSQL one statement checks and writes (written_autosave.py); when it writes nothing
    because a rule refused the answer, the general path below runs to say which rule."""
    if connection.vendor == "postgresql":
        saved = written_autosave.save_one_answer(
            attempt_id=attempt_id, candidate_id=actor.pk, position=position, choices=choices
        )
        if saved is not None:
            return saved
    attempt, changed = _save_answers(attempt_id, actor, {position: choices})
    return SavedAnswer(deadline=attempt.deadline, changed=bool(changed))


@transaction.atomic
def _save_answers(attempt_id: int, actor, answers: dict[int, list]) -> tuple[Attempt, int]:
    # The page's answers, and the autosave where one statement cannot do (not PostgreSQL, or
    # a refusal to explain): one SELECT that locks the attempt and the answered items together
    # (a submission locks the attempt first, so no answer lands after the grading), then at
    # most one UPDATE per changed item and none when nothing changed.
    items = list(
        AttemptItem.objects.filter(attempt_id=attempt_id, position__in=list(answers))
        .select_related("attempt", "question")
        .select_for_update(of=("self", "attempt"))
    )
    if items:
        locked = items[0].attempt
    else:
        # No item at those positions: read the attempt alone to say what is wrong.
        locked = Attempt.objects.select_for_update().filter(pk=attempt_id).first()
        if locked is None:
            raise NotYourAttempt("This is not your attempt.")
    if locked.candidate_id != actor.pk:
        raise NotYourAttempt("This is not your attempt.")
    now = timezone.now()
    if locked.status != Attempt.Status.OPEN:
        raise AttemptClosed("This attempt has been submitted; answers can no longer change.")
    if now >= locked.deadline:
        raise TimeIsUp("Time is up: your answers up to the deadline were saved and submitted.")
    by_position = {item.position: item for item in items}
    outside = sorted(set(answers) - set(by_position))
    if outside:
        raise DomainError(f"Question {outside[0]} is not part of this attempt.")
    changed = []
    for position, choices in answers.items():
        item = by_position[position]
        keys = _choices_to_keys(item, choices)
        if keys != item.selected:
            item.selected, item.answered_at = keys, now
            changed.append(item)
    if len(changed) == 1:
        changed[0].save(update_fields=["selected", "answered_at"])
    elif changed:
        AttemptItem.objects.bulk_update(changed, ["selected", "answered_at"])
    return locked, len(changed)


@dataclass
class Grade:
    """An attempt's result from its items: points, scoring items, pass, by topic."""

    points: int
    max_points: int
    passed: bool
    topics: dict

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


def grade_items(
    items: list[AttemptItem],
    pass_mark_percent: int,
    *,
    voided: frozenset[int] = frozenset(),
    keys: dict[int, list] | None = None,
) -> Grade:
    """Score items (setting each `is_correct`) without saving. A voided version (stored, or in
    `voided` by id) scores for nobody: its items count neither as points nor in the maximum.
    `keys` overrides a version's key by id. Both serve a proposed correction's regrade."""
    keys = keys or {}
    topics: dict[str, dict] = {}
    points = scoring = 0
    for item in items:
        if item.version.voided_at or item.version_id in voided:
            item.is_correct = None
            continue
        key = keys.get(item.version_id, item.version.correct)
        item.is_correct = sorted(item.selected) == sorted(key)
        points += item.is_correct
        scoring += 1
        topic = topics.setdefault(item.version.topic.name, {"correct": 0, "total": 0})
        topic["correct"] += item.is_correct
        topic["total"] += 1
    # Pass on the exact fraction, not the rounded percent (69.6% is not 70%).
    passed = bool(scoring) and 100 * points >= pass_mark_percent * scoring
    return Grade(points=points, max_points=scoring, passed=passed, topics=topics)


def score_attempt(attempt: Attempt) -> Grade:
    """Score the attempt from its items as the bank now stands, and save the result."""
    items = list(AttemptItem.objects.filter(attempt=attempt).select_related("version__topic"))
    grade = grade_items(items, attempt.exam.pass_mark_percent)
    AttemptItem.objects.bulk_update(items, ["is_correct"])
    attempt.max_points = grade.max_points
    attempt.score_points = grade.points
    attempt.score_percent = grade.percent
    attempt.passed = grade.passed
    attempt.topic_scores = grade.topics
    attempt.save(
        update_fields=["max_points", "score_points", "score_percent", "passed", "topic_scores"]
    )
    return grade


def _submit(attempt_id: int, *, actor, reason: str, only_if_overdue: bool) -> Attempt | None:
    """Claim the attempt under its row lock, then score it. None if another path (the
    candidate, the deadline task, the sweep, a page) submitted it already."""
    now = timezone.now()
    # Locked by its key alone, then checked (both callers are atomic): a conditional UPDATE on
    # the status let PostgreSQL, with statistics from when few attempts were open, reach the row
    # through the (status, deadline) index and visit every open attempt of the exam window (as
    # the autosave did: written_autosave.py). A second submitter waits here for the first and
    # then reads it submitted.
    state = (
        Attempt.objects.select_for_update()
        .filter(pk=attempt_id)
        .values_list("status", "deadline")
        .first()
    )
    if state is None or state[0] != Attempt.Status.OPEN or (only_if_overdue and state[1] > now):
        return None
    # Recorded at the deadline at the latest, even when the sweep gets there later.
    Attempt.objects.filter(pk=attempt_id).update(
        status=Attempt.Status.SUBMITTED,
        submitted_at=Least(F("deadline"), Value(now)),
        submission=reason,
    )
    attempt = Attempt.objects.select_related("exam__program", "candidate").get(pk=attempt_id)
    # The claim was a queryset update (no signal): the cached pathway must know.
    pathway_versions.applicants_changed([attempt.candidate_id])
    score_attempt(attempt)
    audit.record(
        actor=actor,
        action="written_attempt.submitted",
        target=attempt,
        from_state=Attempt.Status.OPEN,
        to_state=Attempt.Status.SUBMITTED,
        reason=attempt.get_submission_display(),
        data={"score_percent": attempt.score_percent, "passed": attempt.passed},
    )
    if attempt.passed:
        events.step_completed(applicant=attempt.candidate, program=attempt.exam.program)
    return attempt


@transaction.atomic
def submit_attempt(*, attempt: Attempt, actor) -> Attempt:
    """The candidate hands in their attempt (once). Past the deadline it is the time-up
    submission instead, with only the answers saved before the deadline."""
    if attempt.candidate_id != actor.pk:
        raise DomainError("This is not your attempt.")
    overdue = timezone.now() >= attempt.deadline
    reason = Attempt.Submission.TIME_UP if overdue else Attempt.Submission.CANDIDATE
    submitted = _submit(
        attempt.pk, actor=SYSTEM if overdue else actor, reason=reason, only_if_overdue=False
    )
    if submitted is None:
        raise DomainError("This attempt has already been submitted.")
    return submitted


@transaction.atomic
def submit_if_overdue(*, attempt_id: int) -> Attempt | None:
    """Submit the attempt if it is still open and past its deadline; otherwise do nothing."""
    return _submit(
        attempt_id, actor=SYSTEM, reason=Attempt.Submission.TIME_UP, only_if_overdue=True
    )


def submit_overdue_attempts(*, candidate=None, limit: int = 500) -> int:
    """Submit open attempts past their deadline (all, or one candidate's). Each in its own
    transaction, so one failure does not hold back the others."""
    overdue = Attempt.objects.filter(status=Attempt.Status.OPEN, deadline__lte=timezone.now())
    if candidate is not None:
        overdue = overdue.filter(candidate=candidate)
    count = 0
    for attempt_id in overdue.order_by("deadline").values_list("pk", flat=True)[:limit]:
        count += submit_if_overdue(attempt_id=attempt_id) is not None
    return count
