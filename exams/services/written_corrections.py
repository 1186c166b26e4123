"""Voiding or rekeying a flawed written item after candidates answered it.

Two steps, so that nobody's result changes unseen: `propose_correction` regrades every submitted
attempt that drew the version into `RegradeProposal` rows (nothing else changes); a program
admin reviews the pass/fail changes on a page, then `apply_correction` makes them take effect in
one transaction, with an audit entry per attempt whose result changed. A pass that becomes a fail
is announced (`events.result_withdrawn`) so that a certificate issued on it is flagged for an
admin's decision, never revoked here; a fail that becomes a pass completes the written exam step
(`events.step_completed`), which issues the certificate when the rest of the pathway holds.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit, events
from accounts.errors import DomainError

from ..models.written import (
    Attempt,
    AttemptItem,
    ItemCorrection,
    QuestionVersion,
    RegradeProposal,
)
from .written import grade_items
from .written_bank import require_admin

Kind = ItemCorrection.Kind


def _affected_attempts(version: QuestionVersion, *, lock: bool = False) -> list[Attempt]:
    attempts = Attempt.objects.filter(
        status=Attempt.Status.SUBMITTED, items__version=version
    ).select_related("exam__program", "candidate")
    if lock:
        attempts = attempts.select_for_update(of=("self",))
    return list(attempts.order_by("id"))


def _items_by_attempt(attempts: list[Attempt]) -> dict[int, list[AttemptItem]]:
    items = AttemptItem.objects.filter(attempt__in=[a.pk for a in attempts]).select_related(
        "version__topic"
    )
    grouped: dict[int, list[AttemptItem]] = defaultdict(list)
    for item in items:
        grouped[item.attempt_id].append(item)
    return grouped


def _checked_key(version: QuestionVersion, correct: list[str]) -> list[str]:
    keys = sorted(set(correct or []))
    known = {option["key"] for option in version.options}
    if not keys:
        raise DomainError("Choose the correct option (or options) of the corrected key.")
    if any(key not in known for key in keys):
        raise DomainError("The corrected key names an option the question does not have.")
    if len(keys) > 1 and not version.question.is_multiple:
        raise DomainError("This question has one correct option; choose one.")
    if keys == sorted(version.correct):
        raise DomainError("That is the key the question has already; nothing to correct.")
    return keys


@transaction.atomic
def propose_correction(
    *, version: QuestionVersion, kind: str, reason: str, actor, correct: list[str] | None = None
) -> ItemCorrection:
    """Record the correction as a proposal and regrade every affected submitted attempt into
    it. Nothing anyone sees changes until `apply_correction`."""
    require_admin(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the question is flawed; the reason is recorded.")
    if kind not in Kind.values:
        raise DomainError("Choose to void the question or to correct its key.")
    version = (
        QuestionVersion.objects.select_for_update().select_related("question").get(pk=version.pk)
    )
    if version.voided_at:
        raise DomainError("This version is voided already.")
    new_correct = _checked_key(version, correct) if kind == Kind.REKEY else []
    try:
        with transaction.atomic():
            correction = ItemCorrection.objects.create(
                version=version,
                kind=kind,
                previous_correct=sorted(version.correct),
                new_correct=new_correct,
                reason=reason,
                proposed_by=actor,
            )
    except IntegrityError as error:
        raise DomainError(
            "A correction of this version is already waiting for review; apply or discard it."
        ) from error
    attempts = _affected_attempts(version)
    items = _items_by_attempt(attempts)
    proposals = []
    for attempt in attempts:
        grade = _regrade(correction, attempt, items[attempt.pk])
        proposals.append(
            RegradeProposal(
                correction=correction,
                attempt=attempt,
                old_points=attempt.score_points or 0,
                old_max=attempt.max_points,
                old_passed=bool(attempt.passed),
                new_points=grade.points,
                new_max=grade.max_points,
                new_passed=grade.passed,
            )
        )
    RegradeProposal.objects.bulk_create(proposals)
    audit.record(
        actor=actor,
        action="written_item.correction_proposed",
        target=correction,
        to_state=ItemCorrection.Status.PROPOSED,
        reason=reason,
        data={
            "version": version.pk,
            "kind": kind,
            "new_correct": new_correct,
            "attempts": len(proposals),
            "flips": sum(p.flips for p in proposals),
        },
    )
    return correction


def _regrade(correction: ItemCorrection, attempt: Attempt, items: list[AttemptItem]):
    if correction.kind == Kind.VOID:
        return grade_items(
            items, attempt.exam.pass_mark_percent, voided=frozenset({correction.version_id})
        )
    return grade_items(
        items, attempt.exam.pass_mark_percent, keys={correction.version_id: correction.new_correct}
    )


def _lock_proposed(correction: ItemCorrection) -> ItemCorrection:
    correction = (
        ItemCorrection.objects.select_for_update()
        .select_related("version__question")
        .get(pk=correction.pk)
    )
    if correction.status != ItemCorrection.Status.PROPOSED:
        raise DomainError(f"This correction is {correction.get_status_display().lower()} already.")
    return correction


@transaction.atomic
def discard_correction(*, correction: ItemCorrection, actor) -> ItemCorrection:
    """Drop a proposal: no result changes."""
    require_admin(actor)
    correction = _lock_proposed(correction)
    correction.status = ItemCorrection.Status.DISCARDED
    correction.decided_by, correction.decided_at = actor, timezone.now()
    correction.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="written_item.correction_discarded",
        target=correction,
        from_state=ItemCorrection.Status.PROPOSED,
        to_state=ItemCorrection.Status.DISCARDED,
    )
    return correction


def _change_version(correction: ItemCorrection) -> None:
    version = QuestionVersion.objects.select_for_update().get(pk=correction.version_id)
    if version.voided_at or sorted(version.correct) != correction.previous_correct:
        raise DomainError(
            "The question changed since this correction was proposed; discard it and propose "
            "it again."
        )
    if correction.kind == Kind.VOID:
        version.voided_at = timezone.now()
        version.save(update_fields=["voided_at"])
    else:
        version.correct = correction.new_correct
        version.save(update_fields=["correct"])


@transaction.atomic
def apply_correction(*, correction: ItemCorrection, actor) -> list[RegradeProposal]:
    """Make the reviewed correction take effect: the version is voided or rekeyed, every
    affected attempt rescored and saved, one audit entry per attempt whose result changed.

    Refused when a pass/fail outcome would differ from the one reviewed (an attempt submitted
    since, or another correction applied meanwhile): the admin reviews again. Returns the
    proposals of the attempts whose pass/fail changed."""
    require_admin(actor)
    correction = _lock_proposed(correction)
    reviewed = {p.attempt_id: p for p in correction.regrades.all()}
    _change_version(correction)
    attempts = _affected_attempts(correction.version, lock=True)
    items = _items_by_attempt(attempts)
    flipped, withdrawn, completed = [], {}, {}
    for attempt in attempts:
        before = (attempt.score_points or 0, attempt.max_points, bool(attempt.passed))
        grade = grade_items(items[attempt.pk], attempt.exam.pass_mark_percent)
        proposal = reviewed.get(attempt.pk)
        reviewed_outcome = proposal.new_passed if proposal else before[2]
        if grade.passed != reviewed_outcome:
            raise DomainError(
                "Results changed since this correction was proposed (a new attempt, or another "
                "correction applied); discard it and propose it again to review the changes."
            )
        if (grade.points, grade.max_points, grade.passed) == before:
            continue
        _save_grade(attempt, items[attempt.pk], grade)
        audit.record(
            actor=actor,
            action="written_attempt.regraded",
            target=attempt,
            from_state="passed" if before[2] else "failed",
            to_state="passed" if grade.passed else "failed",
            reason=correction.reason,
            data={
                "correction": correction.pk,
                "kind": correction.kind,
                "question": correction.version.question.code,
                "version": correction.version.number,
                "old": f"{before[0]}/{before[1]}",
                "new": f"{grade.points}/{grade.max_points}",
            },
        )
        if before[2] != grade.passed:
            flipped.append(proposal)
            key = (attempt.candidate_id, attempt.exam_id)
            (completed if grade.passed else withdrawn)[key] = attempt
    correction.status = ItemCorrection.Status.APPLIED
    correction.decided_by, correction.decided_at = actor, timezone.now()
    correction.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="written_item.voided" if correction.kind == Kind.VOID else "written_item.rekeyed",
        target=correction,
        from_state=ItemCorrection.Status.PROPOSED,
        to_state=ItemCorrection.Status.APPLIED,
        reason=correction.reason,
        data={"attempts": len(attempts), "flips": len(flipped)},
    )
    _announce(correction, withdrawn, completed)
    return flipped


def _save_grade(attempt: Attempt, items: list[AttemptItem], grade) -> None:
    AttemptItem.objects.bulk_update(items, ["is_correct"])
    attempt.score_points = grade.points
    attempt.max_points = grade.max_points
    attempt.score_percent = grade.percent
    attempt.passed = grade.passed
    attempt.topic_scores = grade.topics
    attempt.save(
        update_fields=["score_points", "max_points", "score_percent", "passed", "topic_scores"]
    )


def _announce(correction: ItemCorrection, withdrawn: dict, completed: dict) -> None:
    """Tell the layers above, after every attempt is saved so the pathway reads the new state.
    A pass withdrawn only counts when no other attempt of the exam still passes."""
    what = "voided" if correction.kind == Kind.VOID else "given a corrected key"
    question = f"{correction.version.question.code} v{correction.version.number}"
    for attempt in withdrawn.values():
        still_passed = Attempt.objects.filter(
            exam=attempt.exam, candidate=attempt.candidate, passed=True
        ).exists()
        if still_passed:
            continue
        events.result_withdrawn(
            applicant=attempt.candidate,
            program=attempt.exam.program,
            reason=(
                f"Written exam attempt {attempt.number} became a fail "
                f"({attempt.score_percent}%) when question {question} was {what}: "
                f"{correction.reason}"
            ),
        )
    for attempt in completed.values():
        events.step_completed(applicant=attempt.candidate, program=attempt.exam.program)
