"""The examiner's score form: drafts, then submission and lock."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.errors import DomainError
from accounts.models import User
from programs.selectors import instructor_ids_who_supervised

from ...models.practical import (
    CriterionScore,
    ExaminerAssignment,
    GlobalRating,
    PracticalSitting,
    RubricCriterion,
    weighted_score,
)
from ._common import Status
from .results import _combine_if_complete


@dataclass
class ScoreInput:
    score: int | None
    comment: str = ""


def _lock_own_form(assignment: ExaminerAssignment, actor: User) -> ExaminerAssignment:
    locked = (
        ExaminerAssignment.objects.select_for_update()
        .select_related("sitting__rubric_version", "sitting__candidate")
        .get(pk=assignment.pk)
    )
    if locked.examiner_id != actor.pk:
        raise DomainError("This score form belongs to another examiner; nothing was changed.")
    if locked.is_locked():
        raise DomainError(
            "This form was submitted and is locked; nothing was changed. "
            "A correction goes through a program admin."
        )
    _check_scoring_open(locked)
    return locked


def scoring_closed_because(assignment: ExaminerAssignment, now=None) -> str:
    """Why the examiner cannot score this form now, or "". Read by the score page too."""
    sitting = assignment.sitting
    if sitting.status in PracticalSitting.CLOSED:
        return f"This sitting is {sitting.get_status_display().lower()}; it takes no scores."
    if not sitting.has_started(now):
        when = timezone.localtime(sitting.starts_at)
        return f"Scoring opens when the sitting starts, on {when:%-d %b %Y at %H:%M}."
    if not sitting.identity_checked():
        return (
            "Scoring opens once an examiner has checked the candidate's photo ID against "
            f"their legal name ({sitting.candidate.full_legal_name})."
        )
    if assignment.conflict_flagged_at is not None:
        return (
            f"You cannot score this candidate: {assignment.conflict_reason} "
            "A program admin will reassign the sitting."
        )
    return ""


def _check_scoring_open(assignment: ExaminerAssignment) -> None:
    why = scoring_closed_because(assignment)
    if why:
        raise DomainError(f"{why} Nothing was saved.")
    # The conflict guard again, here and not only at assignment: the examiner may have become
    # an instructor of the candidate's cohort, or supervised one of their sessions, since.
    if assignment.examiner_id in instructor_ids_who_supervised(assignment.sitting.candidate):
        raise DomainError(
            "You taught or supervised this candidate after you were assigned, so you cannot "
            "score them. A program admin will reassign the sitting. Nothing was saved."
        )


def _check_on_scale(criteria: dict[int, RubricCriterion], scores: dict[int, ScoreInput]) -> None:
    unknown = set(scores) - set(criteria)
    if unknown:
        raise DomainError("Some scores are for criteria that are not on this rubric.")
    for criterion_id, item in scores.items():
        criterion = criteria[criterion_id]
        if item.score is not None and not criterion.on_scale(item.score):
            raise DomainError(
                f"“{criterion.text}”: {item.score} is outside its scale "
                f"({criterion.scale_min}-{criterion.scale_max}); nothing was saved."
            )


def _store_scores(assignment: ExaminerAssignment, scores: dict[int, ScoreInput]) -> None:
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    changed, new = [], []
    for criterion_id, item in scores.items():
        comment = item.comment.strip()
        row = existing.get(criterion_id)
        if row is None:
            if item.score is not None or comment:
                new.append(
                    CriterionScore(
                        assignment=assignment,
                        criterion_id=criterion_id,
                        score=item.score,
                        comment=comment,
                    )
                )
        elif (row.score, row.comment) != (item.score, comment):
            row.score, row.comment = item.score, comment
            changed.append(row)
    CriterionScore.objects.bulk_create(new)
    CriterionScore.objects.bulk_update(changed, ["score", "comment"])


def _criteria_of(assignment: ExaminerAssignment) -> dict[int, RubricCriterion]:
    return {
        c.pk: c
        for c in RubricCriterion.objects.filter(version_id=assignment.sitting.rubric_version_id)
    }


@transaction.atomic
def save_draft(
    *,
    assignment: ExaminerAssignment,
    actor: User,
    scores: dict[int, ScoreInput],
    global_rating: str = "",
    overall_comment: str = "",
) -> ExaminerAssignment:
    """Keep what the examiner has entered so far; gaps are allowed, off-scale scores are not."""
    assignment = _lock_own_form(assignment, actor)
    _check_on_scale(_criteria_of(assignment), scores)
    if global_rating and global_rating not in GlobalRating.values:
        raise DomainError("Choose a global rating from the list.")
    _store_scores(assignment, scores)
    assignment.global_rating = global_rating
    assignment.overall_comment = overall_comment.strip()
    assignment.updated_at = timezone.now()
    assignment.save(update_fields=["global_rating", "overall_comment", "updated_at"])
    return assignment


def missing_on_submit(
    criteria: dict[int, RubricCriterion], scores: dict[int, ScoreInput], global_rating: str
) -> dict[int | str, str]:
    """What stops a form from being submitted: criterion id (or "global_rating") -> why."""
    problems: dict[int | str, str] = {}
    for criterion_id, criterion in criteria.items():
        item = scores.get(criterion_id)
        if item is None or item.score is None:
            problems[criterion_id] = "Score every criterion before submitting."
        elif criterion.needs_comment(item.score) and not item.comment.strip():
            problems[criterion_id] = (
                "A comment is required: this critical item is not passed."
                if not criterion.critical_passed(item.score)
                else "A comment is required for a score at the bottom of the scale."
            )
    if global_rating not in GlobalRating.values:
        problems["global_rating"] = "Give your global rating to close the form."
    return problems


@transaction.atomic
def submit_scores(
    *,
    assignment: ExaminerAssignment,
    actor: User,
    scores: dict[int, ScoreInput],
    global_rating: str,
    overall_comment: str = "",
) -> ExaminerAssignment:
    """Submit and lock the form. The last examiner's submission computes the sitting's result."""
    sitting = PracticalSitting.objects.select_for_update().get(pk=assignment.sitting_id)
    assignment = _lock_own_form(assignment, actor)
    if sitting.status != Status.SCHEDULED:
        raise DomainError(f"This sitting is already {sitting.get_status_display().lower()}.")
    criteria = _criteria_of(assignment)
    _check_on_scale(criteria, scores)
    problems = missing_on_submit(criteria, scores, global_rating)
    if problems:
        raise DomainError(
            f"The form is not complete ({len(problems)} point(s) to fix); nothing was submitted."
        )
    _store_scores(assignment, scores)
    now = timezone.now()
    assignment.global_rating = global_rating
    assignment.overall_comment = overall_comment.strip()
    assignment.weighted_score = weighted_score(
        criteria.values(), {pk: item.score for pk, item in scores.items()}
    )
    assignment.status = ExaminerAssignment.Status.SUBMITTED
    assignment.submitted_at = assignment.updated_at = now
    assignment.save(
        update_fields=[
            "global_rating",
            "overall_comment",
            "weighted_score",
            "status",
            "submitted_at",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="score_form.submitted",
        target=assignment,
        from_state=ExaminerAssignment.Status.DRAFT,
        to_state=ExaminerAssignment.Status.SUBMITTED,
        data={"weighted_score": str(assignment.weighted_score), "global_rating": global_rating},
    )
    _combine_if_complete(sitting)
    return assignment
