from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import User


class CECategory(models.TextChoices):
    """What a continuing-education item at renewal is about; each program picks those that count."""

    NEUROMODULATORS = "neuromodulators", "Botulinum toxins (neuromodulators)"
    FILLERS = "fillers", "Dermal fillers and other injectables"
    ANATOMY = "anatomy", "Facial anatomy"
    COMPLICATIONS = "complications", "Complications and emergencies"
    SAFETY = "safety", "Patient safety, ethics and consent"
    OTHER = "other", "Other aesthetic medicine"


def default_renewal_ce_categories() -> list[str]:
    return [
        CECategory.NEUROMODULATORS,
        CECategory.FILLERS,
        CECategory.ANATOMY,
        CECategory.COMPLICATIONS,
    ]


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
    # Printed on the certificate's signature line (frozen into each certificate at issue).
    director_name = models.CharField("program director's name", max_length=200, blank=True)
    director_title = models.CharField(
        "program director's title",
        max_length=200,
        blank=True,
        help_text="As printed under the signature, e.g. Medical Director.",
    )
    approves_enrollment_automatically = models.BooleanField(
        default=False,
        help_text="Enroll eligible applicants at once, while seats last, without approval.",
    )

    class AfterLastFailure(models.TextChoices):
        """What reopens the exam once every attempt of a round has failed."""

        HANDS_ON = "hands_on", "Back to hands-on: new supervised sessions, then new attempts"
        NEW_ENROLLMENT = "new_enrollment", "A new enrollment in the program"

    # The resit policy. The written exam's attempts and waiting period are set on the exam
    # (WrittenExam.attempts_allowed, wait_hours_between_attempts); the practical exam's here.
    practical_attempts_allowed = models.PositiveSmallIntegerField(
        "practical exam: attempts allowed", default=3
    )
    practical_wait_days = models.PositiveSmallIntegerField(
        "practical exam: days between attempts",
        default=0,
        help_text="Counted from the failed sitting (or the missed one).",
    )
    written_after_last_failure = models.CharField(
        "written exam: after the last failed attempt",
        max_length=16,
        choices=AfterLastFailure.choices,
        default=AfterLastFailure.HANDS_ON,
    )
    practical_after_last_failure = models.CharField(
        "practical exam: after the last failed attempt",
        max_length=16,
        choices=AfterLastFailure.choices,
        default=AfterLastFailure.HANDS_ON,
    )
    resit_sessions_required = models.PositiveSmallIntegerField(
        "new hands-on sessions before a new round of attempts",
        default=2,
        help_text="Back to hands-on: verified sessions performed after the last failed attempt.",
    )

    # Recertification by evidence (certification/renewals.py reads these).
    renewal_ce_hours_required = models.DecimalField(
        "renewal: CE hours required",
        max_digits=5,
        decimal_places=1,
        default=Decimal("8.0"),
        help_text="CE hours in the counting categories earned since the last certificate's issue.",
    )
    renewal_ce_categories = models.JSONField(
        "renewal: CE categories that count",
        default=default_renewal_ce_categories,
        blank=True,
    )
    renewal_min_practice_entries = models.PositiveSmallIntegerField(
        "renewal: treatments performed (practice log)",
        default=10,
        help_text="Self-attested treatments logged since the last certificate.",
    )
    renewal_opens_days_before = models.PositiveSmallIntegerField(
        "renewal window: opens days before expiry", default=90
    )
    renewal_closes_days_after = models.PositiveSmallIntegerField(
        "renewal window: closes days after expiry",
        default=30,
        help_text="After this the certificate has lapsed: the holder sits the exams again.",
    )
    renewal_audit_percent = models.PositiveSmallIntegerField(
        "renewal: share picked for a CE audit (%)",
        default=10,
        help_text="An audited renewal needs proof uploaded for each CE item before approval.",
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

    def renewal_ce_category_labels(self) -> list[str]:
        return [CECategory(c).label for c in self.renewal_ce_categories if c in CECategory.values]


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
    # When the trainee took a seat (set on every move into "enrolled"): hands-on sessions are
    # dated on or after it. Empty for older rows whose seating moment is not known.
    enrolled_at = models.DateTimeField(null=True, blank=True)
    # Where the trainee stands on the pathway (1-5, 6 = certified), as the pathway last found it:
    # a read model for the admins' pipeline, refreshed on every step completion and nightly.
    pathway_step = models.PositiveSmallIntegerField(default=2)
    # When the program's hands-on minimums were found met (the verification that met them),
    # NULL while they are not: a read model for the admins' ready-for-practical queue, kept by
    # `programs.services.refresh_hands_on_met` in every writer that can change the outcome.
    hands_on_met_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["applied_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "program"],
                condition=Q(status__in=["applied", "waitlisted", "enrolled"]),
                name="one_active_enrollment_per_program",
            )
        ]
        indexes = [
            models.Index(fields=["cohort", "status", "applied_at"]),
            models.Index(fields=["program", "pathway_step", "status"]),
            # The ready queue reads only the few whose minimums are met.
            models.Index(
                fields=["status", "hands_on_met_at"],
                condition=Q(hands_on_met_at__isnull=False),
                name="enrollment_hands_on_met",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} in {self.cohort}"

    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    def accreditation_flag(self, today=None) -> str:
        """Why this enrollment needs attention: the program's accreditation lapsed (or is not
        yet valid) while the enrollment runs. Such enrollments are kept, and shown flagged."""
        if not self.is_active() or self.program.is_accredited(today):
            return ""
        return TrainingProgram.Accreditation(self.program.accreditation(today)).label


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


# --- Hands-on training (step 3) -------------------------------------------------------------------


class HandsOnRequirements(models.Model):
    """The minimums a program sets for its supervised hands-on training."""

    program = models.OneToOneField(
        TrainingProgram, on_delete=models.CASCADE, related_name="hands_on_requirements"
    )
    min_verified_sessions = models.PositiveSmallIntegerField(default=10)
    min_total_hours = models.DecimalField(max_digits=5, decimal_places=1, default=10)
    min_skin_types = models.PositiveSmallIntegerField("different Fitzpatrick skin types", default=3)
    min_treatment_goals = models.PositiveSmallIntegerField("different treatment goals", default=2)
    verification_window_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days after a session within which its instructor may verify it."
    )

    class Meta:
        verbose_name_plural = "hands-on requirements"

    def __str__(self):
        return f"Hands-on minimums of {self.program}"


class TreatmentArea(models.Model):
    """An area a program trains (glabellar lines, forehead lines, ...) and its own minimum."""

    program = models.ForeignKey(
        TrainingProgram, on_delete=models.CASCADE, related_name="treatment_areas"
    )
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    min_sessions_performed = models.PositiveSmallIntegerField(
        "sessions performed under supervision", default=0
    )

    class Meta:
        ordering = ["program", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="treatment_area_unique_name")
        ]

    def __str__(self):
        return self.name


class HandsOnSession(models.Model):
    """One supervised session on a de-identified live model, as the trainee logged it.

    No field identifies the model (patient): an age band, not a birth date; no name or initials.
    A verified session is locked; a correction is a new session that replaces it.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for verification"
        RETURNED = "returned", "Sent back for correction"
        VERIFIED = "verified", "Verified"
        SUPERSEDED = "superseded", "Replaced by a correction"

    class AgeBand(models.TextChoices):
        A18_29 = "18-29", "18-29"
        A30_39 = "30-39", "30-39"
        A40_49 = "40-49", "40-49"
        A50_59 = "50-59", "50-59"
        A60_69 = "60-69", "60-69"
        A70_PLUS = "70+", "70 or older"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other / not stated"

    class SkinType(models.IntegerChoices):
        I = 1, "I"  # noqa: E741 (the Fitzpatrick scale's own numeral)
        II = 2, "II"
        III = 3, "III"
        IV = 4, "IV"
        V = 5, "V"
        VI = 6, "VI"

    class Goal(models.TextChoices):
        SOFTEN_DYNAMIC = "soften_dynamic", "Soften dynamic lines"
        STATIC_LINES = "static_lines", "Improve static lines"
        PREVENTION = "prevention", "Prevention"
        BROW_SHAPING = "brow_shaping", "Brow shaping / lift"
        SYMMETRY = "symmetry", "Correct asymmetry"

    class Role(models.TextChoices):
        OBSERVED = "observed", "Observed"
        ASSISTED = "assisted", "Assisted"
        PERFORMED = "performed", "Performed under supervision"

    class Complication(models.TextChoices):
        BRUISING = "bruising", "Bruising"
        HEADACHE = "headache", "Headache"
        ERYTHEMA = "erythema", "Erythema / swelling at injection site"
        PTOSIS = "ptosis", "Eyelid or brow ptosis"
        ASYMMETRY = "asymmetry", "Asymmetry"
        VASOVAGAL = "vasovagal", "Vasovagal reaction"
        OTHER = "other", "Other (describe)"

    ACTIVE = (Status.SUBMITTED, Status.RETURNED, Status.VERIFIED)

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="hands_on_sessions"
    )
    supervisor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="supervised_sessions"
    )
    performed_on = models.DateField("session date")
    duration_minutes = models.PositiveSmallIntegerField()
    model_age_band = models.CharField("model's age band", max_length=8, choices=AgeBand.choices)
    model_sex = models.CharField("model's sex", max_length=8, choices=Sex.choices)
    skin_type = models.PositiveSmallIntegerField("Fitzpatrick skin type", choices=SkinType.choices)
    product = models.CharField(max_length=100)
    lot_number = models.CharField(max_length=40)
    goal = models.CharField("treatment goal", max_length=20, choices=Goal.choices)
    trainee_role = models.CharField("your role", max_length=12, choices=Role.choices)
    outcome = models.CharField("immediate outcome", max_length=500)
    complications = models.JSONField(default=list, blank=True)
    complication_notes = models.CharField(max_length=500, blank=True)
    reflection = models.TextField(max_length=2000)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(default=timezone.now)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    return_reason = models.TextField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    technique_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    communication_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    judgement_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["-performed_on", "-id"]
        indexes = [
            models.Index(fields=["enrollment", "status"]),
            models.Index(fields=["supervisor", "status", "submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(skin_type__gte=1, skin_type__lte=6), name="session_skin_type_i_to_vi"
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False),
                name="verified_session_has_time",
            ),
        ]

    def __str__(self):
        return f"Session of {self.performed_on:%Y-%m-%d} ({self.get_status_display().lower()})"

    @property
    def hours(self):
        return round(self.duration_minutes / 60, 1)

    def is_editable(self) -> bool:
        return self.status == self.Status.RETURNED

    def complication_labels(self) -> list[str]:
        labels = dict(self.Complication.choices)
        return [labels.get(code, code) for code in self.complications] or ["None"]


class SessionArea(models.Model):
    """A treatment area of a session with the units injected there."""

    session = models.ForeignKey(HandsOnSession, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(TreatmentArea, on_delete=models.PROTECT, related_name="+")
    units = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "area"], name="session_area_once"),
            models.CheckConstraint(
                condition=Q(units__gt=0, units__lte=100), name="session_area_units_sane"
            ),
        ]

    def __str__(self):
        return f"{self.area}: {self.units:g} units"


class SessionFollowUp(models.Model):
    """A note the trainee adds later (for example at two weeks); also allowed on a verified
    session, because it adds to the record without changing what was verified."""

    session = models.ForeignKey(HandsOnSession, on_delete=models.CASCADE, related_name="follow_ups")
    noted_on = models.DateField()
    note = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["noted_on", "id"]

    def __str__(self):
        return f"Follow-up of {self.noted_on:%Y-%m-%d}"
