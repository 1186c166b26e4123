"""The practical exam's state changes: rubrics and their versions, the cut, scheduling,
examiner assignment, the examiners' forms, the sitting's result and an admin's decision.

Lock order, everywhere: the sitting row, then the assignment rows. Assigning an examiner
locks the examiner's user row first, so two assignments of one examiner at once are checked
for overlap one after the other.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from statistics import fmean

from django.db import transaction
from django.utils import timezone

from accounts import audit, events
from accounts.access import has_role
from accounts.errors import DomainError
from accounts.models import User
from accounts.roles import Role
from programs.models import TrainingProgram
from programs.selectors import hands_on_status, instructor_ids_who_supervised

from ..models.practical import (
    CriterionScore,
    ExaminerAssignment,
    GlobalRating,
    PracticalSitting,
    Rubric,
    RubricCriterion,
    RubricVersion,
    percent,
    weighted_score,
)
from ..selectors.practical_reports import borderline_regression

Status = PracticalSitting.Status


def _require_admin(by: User, what: str) -> None:
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise DomainError(f"Only a program admin can {what}.")


# --- rubrics ------------------------------------------------------------------------------------


@dataclass
class CriterionData:
    """One criterion as an admin enters it (the form's cleaned data)."""

    section: str
    text: str
    weight: Decimal
    scale_min: int = 0
    scale_max: int = 4
    anchors: list[str] | None = None
    is_critical: bool = False
    critical_pass_level: int | None = None


def _check_criteria(criteria: list[CriterionData]) -> None:
    if not criteria:
        raise DomainError("A rubric needs at least one criterion.")
    for number, item in enumerate(criteria, start=1):
        name = f"Criterion {number} ({item.text[:40]})"
        if item.scale_max <= item.scale_min:
            raise DomainError(f"{name}: the top of the scale must be above the bottom.")
        if item.weight is None or item.weight <= 0:
            raise DomainError(f"{name}: the weight must be positive.")
        levels = item.scale_max - item.scale_min + 1
        if item.anchors and len(item.anchors) != levels:
            raise DomainError(f"{name}: give one anchor description per level ({levels}), or none.")
        if item.is_critical and (
            item.critical_pass_level is None
            or not item.scale_min <= item.critical_pass_level <= item.scale_max
        ):
            raise DomainError(
                f"{name}: a critical item needs a pass level on its scale "
                f"({item.scale_min}-{item.scale_max})."
            )


def _write_criteria(version: RubricVersion, criteria: list[CriterionData]) -> None:
    RubricCriterion.objects.bulk_create(
        RubricCriterion(
            version=version,
            position=position,
            section=item.section,
            text=item.text.strip(),
            weight=item.weight,
            scale_min=item.scale_min,
            scale_max=item.scale_max,
            anchors=list(item.anchors or []),
            is_critical=item.is_critical,
            critical_pass_level=item.critical_pass_level if item.is_critical else None,
        )
        for position, item in enumerate(criteria, start=1)
    )


@transaction.atomic
def create_rubric(
    *, program: TrainingProgram, name: str, criteria: list[CriterionData], by: User | None
) -> Rubric:
    if by is not None:
        _require_admin(by, "create rubrics")
    _check_criteria(criteria)
    rubric = Rubric.objects.create(program=program, name=name.strip(), created_by=by)
    version = RubricVersion.objects.create(
        rubric=rubric, number=1, created_by=by, change_note="first version"
    )
    _write_criteria(version, criteria)
    audit.record(actor=by, action="rubric.created", target=rubric, to_state="v1")
    return rubric


@transaction.atomic
def revise_rubric(
    *, rubric: Rubric, criteria: list[CriterionData], by: User | None, note: str = ""
) -> RubricVersion:
    """New criteria for the rubric. The current version is edited in place only while no
    sitting uses it; otherwise the criteria become the next version and sittings keep theirs."""
    if by is not None:
        _require_admin(by, "edit rubrics")
    _check_criteria(criteria)
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    current = rubric.versions.order_by("-number").first()
    if current is not None and not current.sittings.exists():
        RubricCriterion.objects.filter(version=current).delete()
        current.change_note = note or current.change_note
        current.save(update_fields=["change_note"])
        _write_criteria(current, criteria)
        audit.record(
            actor=by,
            action="rubric.edited",
            target=rubric,
            from_state=f"v{current.number}",
            to_state=f"v{current.number}",
            reason=note,
        )
        return current
    number = current.number + 1 if current else 1
    version = RubricVersion.objects.create(
        rubric=rubric, number=number, created_by=by, change_note=note
    )
    _write_criteria(version, criteria)
    audit.record(
        actor=by,
        action="rubric.versioned",
        target=rubric,
        from_state=f"v{current.number}" if current else "",
        to_state=f"v{number}",
        reason=note,
    )
    return version


@transaction.atomic
def set_cut_score(
    *,
    rubric: Rubric,
    cut_score: Decimal,
    by: User,
    reason: str = "",
    disagreement_threshold: Decimal | None = None,
) -> Rubric:
    """A hand-set cut (and, optionally, the disagreement threshold)."""
    _require_admin(by, "set the cut score")
    if not Decimal(0) <= cut_score <= Decimal(100):
        raise DomainError("The cut score is a percentage: between 0 and 100.")
    if disagreement_threshold is not None and disagreement_threshold < 0:
        raise DomainError("The disagreement threshold cannot be negative.")
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    before = f"{rubric.cut_score} ({rubric.cut_source})"
    rubric.cut_score = percent(cut_score)
    rubric.cut_source = Rubric.CutSource.MANUAL
    fields = ["cut_score", "cut_source"]
    if disagreement_threshold is not None:
        rubric.disagreement_threshold = percent(disagreement_threshold)
        fields.append("disagreement_threshold")
    rubric.save(update_fields=fields)
    audit.record(
        actor=by,
        action="rubric.cut_set",
        target=rubric,
        from_state=before,
        to_state=f"{rubric.cut_score} (manual)",
        reason=reason,
        data={"disagreement_threshold": str(rubric.disagreement_threshold)},
    )
    return rubric


@transaction.atomic
def apply_regression_cut(*, rubric: Rubric, by: User) -> Rubric:
    """Set the cut to the borderline regression's prediction, recomputed now from the
    submitted forms; its inputs go into the audit entry."""
    _require_admin(by, "set the cut score")
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    regression = borderline_regression(rubric)
    if regression.cut is None:
        raise DomainError(f"No cut can be computed yet: {regression.why_not}")
    before = f"{rubric.cut_score} ({rubric.cut_source})"
    rubric.cut_score = regression.cut
    rubric.cut_source = Rubric.CutSource.REGRESSION
    rubric.save(update_fields=["cut_score", "cut_source"])
    audit.record(
        actor=by,
        action="rubric.cut_set",
        target=rubric,
        from_state=before,
        to_state=f"{rubric.cut_score} (regression)",
        data={
            "slope": str(regression.slope),
            "intercept": str(regression.intercept),
            "n": regression.n,
        },
    )
    return rubric


# --- scheduling and examiners -------------------------------------------------------------------


@transaction.atomic
def schedule_sitting(
    *,
    candidate: User,
    rubric: Rubric,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    by: User,
) -> PracticalSitting:
    """A program admin schedules a candidate's practical exam on the rubric's current version."""
    _require_admin(by, "schedule practical exams")
    if candidate.pk == by.pk:
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
    if sittings.filter(status=Status.PASSED).exists():
        raise DomainError(f"{candidate.full_legal_name} has already passed this practical exam.")
    if sittings.filter(status__in=[Status.SCHEDULED, Status.FLAGGED]).exists():
        raise DomainError(
            f"{candidate.full_legal_name} already has a practical exam awaiting its result."
        )
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
        scheduled_by=by,
    )
    audit.record(actor=by, action="sitting.scheduled", target=sitting, to_state=Status.SCHEDULED)
    return sitting


def _overlapping(sitting: PracticalSitting, examiner: User):
    return ExaminerAssignment.objects.filter(
        examiner=examiner,
        sitting__starts_at__lt=sitting.ends_at,
        sitting__ends_at__gt=sitting.starts_at,
    ).exclude(sitting=sitting)


@transaction.atomic
def assign_examiner(
    *, sitting: PracticalSitting, examiner: User, by: User | None
) -> ExaminerAssignment:
    if by is not None:
        _require_admin(by, "assign examiners")
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
        sitting=sitting, examiner=examiner, assigned_by=by
    )
    audit.record(
        actor=by,
        action="sitting.examiner_assigned",
        target=sitting,
        data={"examiner": examiner.pk, "assignment": assignment.pk},
    )
    return assignment


@transaction.atomic
def remove_examiner(*, assignment: ExaminerAssignment, by: User, reason: str = "") -> None:
    """Take an examiner off a sitting before they submit (their draft goes with them)."""
    _require_admin(by, "change examiners")
    sitting = PracticalSitting.objects.select_for_update().get(pk=assignment.sitting_id)
    assignment = ExaminerAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.is_locked() or sitting.status != Status.SCHEDULED:
        raise DomainError(
            "A submitted form stays with its sitting; the examiner cannot be removed."
        )
    audit.record(
        actor=by,
        action="sitting.examiner_removed",
        target=sitting,
        reason=reason,
        data={"examiner": assignment.examiner_id},
    )
    assignment.delete()
    _combine_if_complete(sitting)


# --- the examiner's form ------------------------------------------------------------------------


@dataclass
class ScoreInput:
    score: int | None
    comment: str = ""


def _lock_own_form(assignment: ExaminerAssignment, by: User) -> ExaminerAssignment:
    locked = (
        ExaminerAssignment.objects.select_for_update()
        .select_related("sitting__rubric_version")
        .get(pk=assignment.pk)
    )
    if locked.examiner_id != by.pk:
        raise DomainError("This score form belongs to another examiner; nothing was changed.")
    if locked.is_locked():
        raise DomainError(
            "This form was submitted and is locked; nothing was changed. "
            "A correction goes through a program admin."
        )
    return locked


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
    by: User,
    scores: dict[int, ScoreInput],
    global_rating: str = "",
    overall_comment: str = "",
) -> ExaminerAssignment:
    """Keep what the examiner has entered so far; gaps are allowed, off-scale scores are not."""
    assignment = _lock_own_form(assignment, by)
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
    by: User,
    scores: dict[int, ScoreInput],
    global_rating: str,
    overall_comment: str = "",
) -> ExaminerAssignment:
    """Submit and lock the form. The last examiner's submission computes the sitting's result."""
    sitting = PracticalSitting.objects.select_for_update().get(pk=assignment.sitting_id)
    assignment = _lock_own_form(assignment, by)
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
        actor=by,
        action="score_form.submitted",
        target=assignment,
        from_state=ExaminerAssignment.Status.DRAFT,
        to_state=ExaminerAssignment.Status.SUBMITTED,
        data={"weighted_score": str(assignment.weighted_score), "global_rating": global_rating},
    )
    _combine_if_complete(sitting)
    return assignment


# --- the sitting's result -----------------------------------------------------------------------


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
    _set_result(sitting, status, by=None, extra_fields=fields)


def _set_result(
    sitting: PracticalSitting, status: str, *, by: User | None, extra_fields, reason: str = ""
) -> None:
    previous = sitting.status
    sitting.status = status
    sitting.save(update_fields=["status", *extra_fields])
    audit.record(
        actor=by,
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
    *, sitting: PracticalSitting, passed: bool, reason: str, by: User
) -> PracticalSitting:
    """A program admin decides a flagged sitting, with a reason; the scores stay as they are."""
    _require_admin(by, "decide flagged sittings")
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
    if sitting.candidate_id == by.pk:
        raise DomainError("You cannot decide your own practical exam.")
    sitting.decided_by = by
    sitting.decision_reason = reason.strip()
    _set_result(
        sitting,
        Status.PASSED if passed else Status.FAILED,
        by=by,
        extra_fields=["decided_by", "decision_reason"],
        reason=sitting.decision_reason,
    )
    return sitting
