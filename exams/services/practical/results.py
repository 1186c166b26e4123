"""The sitting's result, computed once every examiner has submitted, and an admin's decision
on a flagged sitting."""

from dataclasses import dataclass
from decimal import Decimal
from statistics import fmean

from django.db import transaction
from django.utils import timezone

from accounts import audit, events
from accounts.actors import SYSTEM, Actor
from accounts.errors import DomainError
from accounts.models import User

from ...models.practical import (
    ExaminerAssignment,
    PracticalSitting,
    Rubric,
    RubricCriterion,
    percent,
)
from ._common import Status, _require_admin


@dataclass
class Combined:
    weighted_score: Decimal
    critical_failed: list[str]
    verdicts: dict[int, bool]  # assignment id -> that examiner's own verdict
    spread: Decimal

    def passed(self, cut: Decimal) -> bool:
        return not self.critical_failed and self.weighted_score >= cut


def combine(
    criteria: list[RubricCriterion], forms: list[ExaminerAssignment], cut: Decimal
) -> Combined:
    """The sitting's figures from its submitted forms (each with `scores` prefetched)."""
    per_form = {f.pk: {s.criterion_id: s.score for s in f.scores.all()} for f in forms}
    mean_scores = {c.pk: fmean(per_form[f.pk][c.pk] for f in forms) for c in criteria}
    critical_failed = [
        c.text for c in criteria if c.is_critical and not c.critical_passed(mean_scores[c.pk])
    ]
    verdicts = {
        f.pk: (
            all(c.critical_passed(per_form[f.pk][c.pk]) for c in criteria)
            and f.weighted_score >= cut
        )
        for f in forms
    }
    scores = [f.weighted_score for f in forms]
    return Combined(
        weighted_score=percent(sum(scores) / len(scores)),
        critical_failed=critical_failed,
        verdicts=verdicts,
        spread=max(scores) - min(scores),
    )


def _combine_if_complete(sitting: PracticalSitting) -> None:
    """Under the sitting's lock: once every assigned examiner has submitted, the result."""
    forms = list(sitting.assignments.prefetch_related("scores"))
    if not forms or any(not f.is_locked() for f in forms):
        return
    rubric = Rubric.objects.get(versions=sitting.rubric_version_id)
    criteria = list(RubricCriterion.objects.filter(version_id=sitting.rubric_version_id))
    result = combine(criteria, forms, rubric.cut_score)
    for form in forms:
        form.verdict_passed = result.verdicts[form.pk]
    ExaminerAssignment.objects.bulk_update(forms, ["verdict_passed"])
    sitting.weighted_score = result.weighted_score
    sitting.cut_score = rubric.cut_score
    sitting.critical_failed = result.critical_failed
    sitting.result_at = timezone.now()
    if len(set(result.verdicts.values())) > 1:
        sitting.flag_reason = "The examiners disagree on pass or fail."
        status = Status.FLAGGED
    elif result.spread > rubric.disagreement_threshold:
        sitting.flag_reason = (
            f"The examiners' weighted scores are {result.spread} points apart "
            f"(threshold {rubric.disagreement_threshold})."
        )
        status = Status.FLAGGED
    else:
        status = Status.PASSED if result.passed(rubric.cut_score) else Status.FAILED
    fields = ["weighted_score", "cut_score", "critical_failed", "result_at", "flag_reason"]
    _set_result(sitting, status, actor=SYSTEM, extra_fields=fields)


def _set_result(
    sitting: PracticalSitting, status: str, *, actor: Actor, extra_fields, reason: str = ""
) -> None:
    previous = sitting.status
    sitting.status = status
    sitting.save(update_fields=["status", *extra_fields])
    audit.record(
        actor=actor,
        action="sitting.result",
        target=sitting,
        from_state=previous,
        to_state=status,
        reason=reason or sitting.flag_reason,
        data={
            "weighted_score": str(sitting.weighted_score),
            "cut_score": str(sitting.cut_score),
            "critical_failed": sitting.critical_failed,
        },
    )
    if status == Status.PASSED:
        # The certificate layer re-reads the pathway in this same transaction.
        events.step_completed(applicant=sitting.candidate, program=sitting.program)


@transaction.atomic
def resolve_flagged_sitting(
    *, sitting: PracticalSitting, passed: bool, reason: str, actor: User
) -> PracticalSitting:
    """A program admin decides a flagged sitting, with a reason; the scores stay as they are."""
    _require_admin(actor, "decide flagged sittings")
    if not reason.strip():
        raise DomainError("Give the reason for the decision; it is recorded.")
    sitting = (
        PracticalSitting.objects.select_for_update()
        .select_related("candidate", "program")
        .get(pk=sitting.pk)
    )
    if sitting.status != Status.FLAGGED:
        raise DomainError(
            f"Only a flagged sitting needs a decision; this one is "
            f"{sitting.get_status_display().lower()}."
        )
    if sitting.candidate_id == actor.pk:
        raise DomainError("You cannot decide your own practical exam.")
    sitting.decided_by = actor
    sitting.decision_reason = reason.strip()
    _set_result(
        sitting,
        Status.PASSED if passed else Status.FAILED,
        actor=actor,
        extra_fields=["decided_by", "decision_reason"],
        reason=sitting.decision_reason,
    )
    return sitting
