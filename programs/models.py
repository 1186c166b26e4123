from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import User


class TrainingProgram(models.Model):
    """An accredited training program for botulinum toxin administration."""

    class Accreditation(models.TextChoices):
        VALID = "valid", "Accredited"
        LAPSED = "lapsed", "Accreditation lapsed"
        NOT_YET_VALID = "not_yet_valid", "Accreditation not yet valid"

    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    accreditation_body = models.CharField(max_length=200)
    accreditation_number = models.CharField(max_length=64)
    accredited_from = models.DateField("accreditation valid from")
    accredited_until = models.DateField("accreditation valid until")
    description = models.TextField(blank=True)
    approves_enrollment_automatically = models.BooleanField(
        default=False,
        help_text="Enroll eligible applicants at once, while seats last, without approval.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accredited_until__gte=models.F("accredited_from")),
                name="program_accreditation_period_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def accreditation(self, today=None) -> str:
        today = today or timezone.localdate()
        if today < self.accredited_from:
            return self.Accreditation.NOT_YET_VALID
        if today > self.accredited_until:
            return self.Accreditation.LAPSED
        return self.Accreditation.VALID

    def is_accredited(self, today=None) -> bool:
        return self.accreditation(today) == self.Accreditation.VALID


class TheoryModule(models.Model):
    class Topic(models.TextChoices):
        PHARMACOLOGY = "pharmacology", "Pharmacology of botulinum toxins"
        PATIENT_ASSESSMENT = "patient_assessment", "Patient assessment"
        FACIAL_ANATOMY = "facial_anatomy", "Facial anatomy"
        COMPLICATIONS = "complications", "Complications and their management"
        ETHICS_CONSENT = "ethics_consent", "Ethics and consent"
        CASE_STUDIES = "case_studies", "Case studies"
        OTHER = "other", "Other"

    program = models.ForeignKey(TrainingProgram, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=32, choices=Topic.choices)
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "position", "id"]

    def __str__(self):
        return self.title


class Cohort(models.Model):
    program = models.ForeignKey(TrainingProgram, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    location = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField()
    instructors = models.ManyToManyField(User, blank=True, related_name="teaching_cohorts")

    class Meta:
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="cohort_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.program} · {self.name}"


class Enrollment(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        WAITLISTED = "waitlisted", "Waitlisted"
        ENROLLED = "enrolled", "Enrolled"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    ACTIVE = (Status.APPLIED, Status.WAITLISTED, Status.ENROLLED)

    applicant = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrollments")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrollments")
    # Copied from the cohort so that the database itself allows one active enrollment per program.
    program = models.ForeignKey(TrainingProgram, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["applied_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "program"],
                condition=Q(status__in=["applied", "waitlisted", "enrolled"]),
                name="one_active_enrollment_per_program",
            )
        ]
        indexes = [models.Index(fields=["cohort", "status", "applied_at"])]

    def __str__(self):
        return f"{self.applicant} in {self.cohort}"

    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class ModuleCompletion(models.Model):
    """An instructor's record of one trainee's progress in one theory module."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(TheoryModule, on_delete=models.PROTECT, related_name="completions")
    attended = models.BooleanField(default=False)
    passed_assessment = models.BooleanField("passed the quiz or assessment", default=False)
    completed_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module"], name="one_completion_per_module"
            ),
            models.CheckConstraint(
                condition=Q(attended=False, passed_assessment=False)
                | Q(completed_on__isnull=False),
                name="completion_recorded_with_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.module} for {self.enrollment.applicant}"

    def is_complete(self) -> bool:
        return self.attended and self.passed_assessment
