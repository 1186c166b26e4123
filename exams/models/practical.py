"""The practical exam: rubrics (versioned criteria), sittings, examiners' score forms.

Scoring, in one place:
- an examiner gives every criterion a score on its scale (`scale_min`..`scale_max`);
- a form's weighted score is a percentage: each criterion's score placed on its own scale
  (0 at the bottom, 1 at the top), weighted, averaged, times 100;
- the sitting's weighted score is the mean of its examiners' weighted scores (the same as the
  weighted score of the mean criterion scores, the formula being linear);
- a critical criterion is passed when the mean of the examiners' scores reaches its pass level
  (so one examiner's 1 and another's 3 make 2, which passes a pass level of 2);
- the sitting passes when every critical criterion is passed and its weighted score is at or
  above the rubric's cut in force when the result is computed (copied onto the sitting).
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from programs.models import TrainingProgram

__all__ = [
    "CriterionScore",
    "ExaminerAssignment",
    "GlobalRating",
    "PracticalReadiness",
    "PracticalSitting",
    "Rubric",
    "RubricCriterion",
    "RubricVersion",
    "RubricSection",
]

TWO_PLACES = Decimal("0.01")


def percent(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


class RubricSection(models.TextChoices):
    INJECTION_TECHNIQUE = "injection_technique", "Injection technique"
    CONSULTATION_CONSENT = "consultation_consent", "Patient consultation and consent"
    POST_TREATMENT_CARE = "post_treatment_care", "Post-treatment care"
    PRECISION_DOSING = "precision_dosing", "Precision and dosing"
    COMMUNICATION = "communication", "Communication"
    COMPLICATION_MANAGEMENT = "complication_management", "Complication management"


SECTION_ORDER = {value: position for position, value in enumerate(RubricSection.values)}


class GlobalRating(models.TextChoices):
    """The examiner's overall judgement that closes the form; also the x of the borderline
    regression (clear fail = 0, borderline = 1, clear pass = 2)."""

    CLEAR_FAIL = "clear_fail", "Clear fail"
    BORDERLINE = "borderline", "Borderline"
    CLEAR_PASS = "clear_pass", "Clear pass"


GLOBAL_RATING_VALUE = {
    GlobalRating.CLEAR_FAIL: 0,
    GlobalRating.BORDERLINE: 1,
    GlobalRating.CLEAR_PASS: 2,
}


class Rubric(models.Model):
    """A practical exam's marking scheme: stable identity, pass rule; criteria in versions."""

    class CutSource(models.TextChoices):
        MANUAL = "manual", "Set by hand"
        REGRESSION = "regression", "Borderline regression"

    program = models.ForeignKey(TrainingProgram, on_delete=models.PROTECT, related_name="rubrics")
    name = models.CharField(max_length=200)
    cut_score = models.DecimalField(
        "cut score (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("60.00"),
        help_text="Weighted score (0-100) at or above which a sitting passes.",
    )
    cut_source = models.CharField(max_length=16, choices=CutSource.choices, default="manual")
    disagreement_threshold = models.DecimalField(
        "disagreement threshold (points)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
        help_text="Examiners' weighted scores further apart than this flag the sitting.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["program", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cut_score__gte=0, cut_score__lte=100), name="rubric_cut_is_a_percent"
            ),
            models.CheckConstraint(
                condition=Q(disagreement_threshold__gte=0),
                name="rubric_disagreement_threshold_not_negative",
            ),
        ]

    def __str__(self):
        return self.name


class RubricVersion(models.Model):
    """One version of a rubric's criteria. A version a sitting uses is never edited: a change
    makes the next version, and the sitting keeps the one it was scheduled with."""

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["rubric", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="rubric_version_unique")
        ]

    def __str__(self):
        return f"{self.rubric} v{self.number}"


class RubricCriterion(models.Model):
    version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="criteria")
    section = models.CharField(max_length=32, choices=RubricSection.choices)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    scale_min = models.PositiveSmallIntegerField(default=0)
    scale_max = models.PositiveSmallIntegerField(default=4)
    anchors = models.JSONField(
        default=list,
        blank=True,
        help_text="One description per level of the scale, from the bottom up.",
    )
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("1.00"))
    is_critical = models.BooleanField(
        "critical item", default=False, help_text="Must be passed whatever the total."
    )
    critical_pass_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Critical items: the lowest passing (mean) score."
    )

    class Meta:
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="criterion_scale_ordered"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(
                condition=Q(is_critical=False)
                | Q(
                    critical_pass_level__isnull=False,
                    critical_pass_level__gte=F("scale_min"),
                    critical_pass_level__lte=F("scale_max"),
                ),
                name="critical_criterion_has_a_pass_level_on_its_scale",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def levels(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def anchor(self, level: int) -> str:
        index = level - self.scale_min
        return self.anchors[index] if 0 <= index < len(self.anchors) else ""

    def level_choices(self) -> list[tuple[int, str]]:
        return [(level, self.anchor(level)) for level in self.levels]

    def on_scale(self, score: int) -> bool:
        return self.scale_min <= score <= self.scale_max

    def critical_passed(self, score) -> bool:
        return not self.is_critical or score >= self.critical_pass_level

    def needs_comment(self, score: int) -> bool:
        """A comment is required for a failed critical item or a score at the bottom."""
        return score == self.scale_min or not self.critical_passed(score)


def weighted_score(criteria, scores: dict[int, float]) -> Decimal:
    """The weighted percentage of `scores` (criterion id -> score) on `criteria`."""
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    if not total_weight:
        return Decimal(0)
    points = sum(
        (
            c.weight
            * (Decimal(str(scores[c.pk])) - c.scale_min)
            / Decimal(c.scale_max - c.scale_min)
            for c in criteria
        ),
        Decimal(0),
    )
    return percent(100 * points / total_weight)


class PracticalSitting(models.Model):
    """One candidate's practical exam: when, where, on which rubric version, and its result."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Awaiting scores"
        FLAGGED = "flagged", "Flagged: examiners disagree"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Not passed"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "Did not attend"

    FINAL = (Status.PASSED, Status.FAILED)
    # Closed without a result: the candidate can be scheduled again (a no-show uses an attempt).
    CLOSED = (Status.CANCELLED, Status.NO_SHOW)
    OPEN = (Status.SCHEDULED, Status.FLAGGED)

    class IdDocument(models.TextChoices):
        PASSPORT = "passport", "Passport"
        NATIONAL_ID = "national_id", "National identity card"
        DRIVING_LICENCE = "driving_licence", "Driving licence"
        RESIDENCE_PERMIT = "residence_permit", "Residence permit"

    candidate = models.ForeignKey(User, on_delete=models.PROTECT, related_name="practical_sittings")
    program = models.ForeignKey(TrainingProgram, on_delete=models.PROTECT, related_name="+")
    rubric_version = models.ForeignKey(
        RubricVersion, on_delete=models.PROTECT, related_name="sittings"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    # Stored, so that the overlap test of an examiner's sittings is one indexed query.
    ends_at = models.DateTimeField(editable=False)
    place = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    cut_score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The rubric's cut in force when the result was computed.",
    )
    critical_failed = models.JSONField(
        default=list, blank=True, help_text="Texts of the critical items not passed."
    )
    flag_reason = models.CharField(max_length=300, blank=True)
    result_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    scheduled_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Cancelled or did not attend: who closed it, when, why.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_reason = models.TextField(blank=True)
    # The identity check that opens scoring: the document is seen, not stored; only its kind and
    # the last four characters of its number are kept.
    id_checked_at = models.DateTimeField(null=True, blank=True)
    id_checked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    id_document_type = models.CharField(max_length=20, choices=IdDocument.choices, blank=True)
    id_number_last_four = models.CharField(max_length=4, blank=True)
    # The calendar invitation's SEQUENCE: raised each time the sitting is moved or cancelled.
    calendar_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="sitting_ends_after_it_starts"
            )
        ]
        indexes = [
            models.Index(fields=["candidate", "program", "-starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self):
        return f"Practical exam of {self.candidate.full_legal_name} on {self.starts_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.starts_at and self.duration_minutes:
            self.ends_at = self.starts_at + timedelta(minutes=self.duration_minutes)
            if kwargs.get("update_fields") is not None and "starts_at" in kwargs["update_fields"]:
                kwargs["update_fields"] = {*kwargs["update_fields"], "ends_at"}
        super().save(*args, **kwargs)

    def is_final(self) -> bool:
        return self.status in self.FINAL

    def is_passed(self) -> bool:
        return self.status == self.Status.PASSED

    def is_open(self) -> bool:
        return self.status in self.OPEN

    def identity_checked(self) -> bool:
        return self.id_checked_at is not None

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    @property
    def calendar_uid(self) -> str:
        return f"practical-sitting-{self.pk}@certification"


class ExaminerAssignment(models.Model):
    """An examiner assigned to a sitting, and their score form (draft, then submitted and
    locked). Scores are never edited after submission."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    sitting = models.ForeignKey(
        PracticalSitting, on_delete=models.PROTECT, related_name="assignments"
    )
    examiner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="examiner_assignments"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    global_rating = models.CharField(max_length=16, choices=GlobalRating.choices, blank=True)
    overall_comment = models.TextField(blank=True)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # The examiner's own verdict by the pass rule, set with the sitting's result (derived).
    verdict_passed = models.BooleanField(null=True, blank=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set when the examiner turns out to have taught or supervised the candidate after being
    # assigned (for example made an instructor of the candidate's cohort): scoring is refused and
    # admins see the flag on the sitting, to reassign.
    conflict_flagged_at = models.DateTimeField(null=True, blank=True)
    conflict_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["sitting", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "examiner"], name="one_assignment_per_examiner_and_sitting"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, global_rating__gt=""),
                name="submitted_form_is_complete",
            ),
        ]
        indexes = [
            # The examiner's list: drafts by (examiner, status); the history paged in this
            # order straight from the index, with no join to the sittings to sort.
            models.Index(
                fields=["examiner", "status", "-submitted_at", "-id"],
                name="examiner_forms_by_submission",
            )
        ]

    def __str__(self):
        return f"{self.examiner.full_legal_name} on {self.sitting}"

    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


class PracticalReadiness(models.Model):
    """A candidate's "I am ready for the practical exam", shown in the admins' ready queue
    until a sitting is scheduled."""

    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(TrainingProgram, on_delete=models.CASCADE, related_name="+")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "program"], name="one_readiness_per_candidate_and_program"
            )
        ]

    def __str__(self):
        return f"{self.candidate.full_legal_name} ready for {self.program}"


class CriterionScore(models.Model):
    assignment = models.ForeignKey(
        ExaminerAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion_and_form"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
