"""The written exam: the question bank, exams with their blueprint, attempts and answers.

- A `Question` is the stable identity of a question; its wording, options, key, explanation,
  topic and difficulty live in `QuestionVersion` rows. An attempt item points at the version it
  drew, so editing a question that candidates have seen makes a new version and leaves their
  attempts as they were (see services.written.edit_question).
- A case study is a `Vignette` (the shared case text) and its sub-questions, which are ordinary
  questions of kind CASE pointing at it. They are drawn together; each sub-question fills one
  blueprint slot of its own topic and difficulty (a case study counts as its sub-questions).
- Scoring is dichotomous: an item is correct when the set of options chosen equals the key.
  Multiple response is therefore all-or-nothing (no partial credit), which keeps every item
  0/1 so the KR-20 of the item analysis applies.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from programs.models import TrainingProgram

__all__ = [
    "Topic",
    "Difficulty",
    "Vignette",
    "Question",
    "QuestionVersion",
    "WrittenExam",
    "BlueprintRow",
    "Accommodation",
    "Attempt",
    "AttemptItem",
    "ItemCorrection",
    "RegradeProposal",
]


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class Topic(models.Model):
    """A content area of the bank (pharmacology, facial anatomy, ...)."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Vignette(models.Model):
    """The case of a case study; its sub-questions are drawn together."""

    code = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single best answer"
        MULTIPLE = "multiple", "Multiple response"
        CASE = "case", "Case study sub-question"
        SCENARIO = "scenario", "Scenario-based (best next action)"

    code = models.SlugField(
        max_length=64, unique=True, help_text="Stable identifier, kept by export and import."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    vignette = models.ForeignKey(
        Vignette, null=True, blank=True, on_delete=models.PROTECT, related_name="questions"
    )
    current_version = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField("in use", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="case", vignette__isnull=False)
                | (~Q(kind="case") & Q(vignette__isnull=True)),
                name="written_case_question_has_a_vignette",
            )
        ]

    def __str__(self):
        return self.code

    @property
    def is_multiple(self) -> bool:
        return self.kind == self.Kind.MULTIPLE


class QuestionVersion(models.Model):
    """What a candidate sees and how it is scored. Never edited once drawn into an attempt.

    options: [{"key": "A", "text": "...", "feedback": ""}, ...]; correct: ["A"] (the keys).
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    difficulty = models.CharField(max_length=8, choices=Difficulty.choices)
    stem = models.TextField()
    options = models.JSONField()
    correct = models.JSONField()
    explanation = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when an applied ItemCorrection voided this version: it scores for nobody and is
    # drawn no more (the question needs a new version to come back).
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="written_version_number")
        ]

    def __str__(self):
        return f"{self.question_id} v{self.number}"

    def option_text(self, key: str) -> str:
        return next((o["text"] for o in self.options if o["key"] == key), key)

    def content(self) -> dict:
        """The editable content, to compare an edit with what is stored."""
        return {
            "topic_id": self.topic_id,
            "difficulty": self.difficulty,
            "stem": self.stem,
            "options": self.options,
            "correct": sorted(self.correct),
            "explanation": self.explanation,
        }


class WrittenExam(models.Model):
    class Review(models.TextChoices):
        SCORE = "score", "Pass/fail and score by topic only"
        MARKED = "marked", "Also each answer marked right or wrong"
        FULL = "full", "Also the correct answers and explanations"

    program = models.ForeignKey(
        TrainingProgram, on_delete=models.PROTECT, related_name="written_exams"
    )
    title = models.CharField(max_length=200)
    time_limit_minutes = models.PositiveIntegerField(default=60)
    pass_mark_percent = models.PositiveSmallIntegerField(default=70)
    attempts_allowed = models.PositiveSmallIntegerField(default=3)
    wait_hours_between_attempts = models.PositiveIntegerField(default=72)
    review = models.CharField(max_length=8, choices=Review.choices, default=Review.MARKED)
    is_active = models.BooleanField(
        default=True, help_text="The exam candidates of the program sit (one per program)."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"], condition=Q(is_active=True), name="one_active_written_exam"
            ),
            models.CheckConstraint(
                condition=Q(pass_mark_percent__lte=100), name="written_pass_mark_percent"
            ),
            models.CheckConstraint(condition=Q(time_limit_minutes__gt=0), name="written_time"),
        ]

    def __str__(self):
        return self.title


class BlueprintRow(models.Model):
    """How many questions of a topic (and, optionally, of one difficulty) an attempt draws."""

    exam = models.ForeignKey(WrittenExam, on_delete=models.CASCADE, related_name="blueprint")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    difficulty = models.CharField(
        max_length=8, choices=Difficulty.choices, blank=True, help_text="Blank: any difficulty."
    )
    count = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["exam", "topic__position", "topic__name", "difficulty"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "topic", "difficulty"], name="written_blueprint_row_unique"
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="written_blueprint_count"),
        ]

    def __str__(self):
        return f"{self.count} × {self.topic_id} {self.difficulty or 'any'}"

    def accepts(self, topic_id: int, difficulty: str) -> bool:
        return topic_id == self.topic_id and self.difficulty in ("", difficulty)


class Accommodation(models.Model):
    """Extra time or extra attempts granted to one candidate for one exam (audited)."""

    exam = models.ForeignKey(WrittenExam, on_delete=models.CASCADE, related_name="accommodations")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    extra_minutes = models.PositiveIntegerField(default=0)
    extra_attempts = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self):
        return f"+{self.extra_minutes} min, +{self.extra_attempts} attempts for {self.candidate}"


class Attempt(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "In progress"
        SUBMITTED = "submitted", "Submitted"

    class Submission(models.TextChoices):
        CANDIDATE = "candidate", "Submitted by the candidate"
        TIME_UP = "time_up", "Submitted automatically when time ran out"

    exam = models.ForeignKey(WrittenExam, on_delete=models.PROTECT, related_name="attempts")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="written_attempts"
    )
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submission = models.CharField(max_length=12, choices=Submission.choices, blank=True)
    score_points = models.PositiveSmallIntegerField(null=True, blank=True)
    max_points = models.PositiveSmallIntegerField(default=0)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    # {"<topic name>": {"correct": n, "total": m}}, frozen at scoring.
    topic_scores = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "candidate", "number"], name="written_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["exam", "candidate"],
                condition=Q(status="open"),
                name="one_open_written_attempt",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="written_attempt_overdue"),
            models.Index(fields=["candidate", "exam"], name="written_attempt_candidate"),
        ]

    def __str__(self):
        return f"{self.exam} · attempt {self.number} of {self.candidate}"

    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def seconds_left(self, now=None) -> int:
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))


class AttemptItem(models.Model):
    """One drawn question of an attempt, at the version drawn, with the candidate's answer.

    option_order: the version's option keys in the order this candidate sees them; the page
    posts positions in that order (never the keys), so nothing in the page hints at the key.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    option_order = models.JSONField()
    selected = models.JSONField(default=list, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="written_item_position"),
            models.UniqueConstraint(fields=["attempt", "question"], name="written_item_question"),
        ]
        indexes = [models.Index(fields=["version"], name="written_item_version")]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"


class ItemCorrection(models.Model):
    """A program admin's correction of a flawed version after candidates answered it: voided
    (dropped from scoring) or rekeyed (its key corrected). Proposed first, with every affected
    submitted attempt regraded into a `RegradeProposal`; applied (or discarded) after review.

    A rekey changes `QuestionVersion.correct` in place, the one exception to "never edited once
    drawn": the key was wrong for everyone who saw it. The key it replaced is kept here."""

    class Kind(models.TextChoices):
        VOID = "void", "Void: drop it from scoring"
        REKEY = "rekey", "Correct the key"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for review"
        APPLIED = "applied", "Applied"
        DISCARDED = "discarded", "Discarded"

    version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="corrections"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    previous_correct = models.JSONField(default=list)
    new_correct = models.JSONField(default=list, blank=True)
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(status="proposed"),
                name="one_proposed_correction_per_version",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.version}"


class RegradeProposal(models.Model):
    """One affected submitted attempt: its result as stored and as the correction makes it."""

    correction = models.ForeignKey(
        ItemCorrection, on_delete=models.CASCADE, related_name="regrades"
    )
    attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, related_name="+")
    old_points = models.PositiveSmallIntegerField()
    old_max = models.PositiveSmallIntegerField()
    old_passed = models.BooleanField()
    new_points = models.PositiveSmallIntegerField()
    new_max = models.PositiveSmallIntegerField()
    new_passed = models.BooleanField()

    class Meta:
        ordering = ["correction", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["correction", "attempt"], name="one_regrade_per_attempt"
            )
        ]

    def __str__(self):
        return f"{self.attempt} under {self.correction}"

    @property
    def flips(self) -> bool:
        return self.old_passed != self.new_passed

    @property
    def old_percent(self) -> int:
        return round(100 * self.old_points / self.old_max) if self.old_max else 0

    @property
    def new_percent(self) -> int:
        return round(100 * self.new_points / self.new_max) if self.new_max else 0
