from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Cohort, Enrollment, ModuleCompletion, TheoryModule, TrainingProgram

# Enrollments that count for the pathway: an active seat, or a finished program.
COUNTING_STATUSES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)


def programs_with_open_cohorts() -> QuerySet[TrainingProgram]:
    """Every program with its cohorts that have not ended, each with its enrolled count."""
    cohorts = (
        Cohort.objects.filter(ends_on__gte=timezone.localdate())
        .annotate(enrolled=Count("enrollments", filter=Q(enrollments__status="enrolled")))
        .order_by("starts_on")
    )
    return TrainingProgram.objects.prefetch_related(
        Prefetch("cohorts", queryset=cohorts, to_attr="open_cohorts"), "modules"
    )


def enrollments_of(applicant) -> QuerySet[Enrollment]:
    return applicant.enrollments.select_related("cohort__program").order_by("-applied_at")


def current_enrollment(applicant, program: TrainingProgram | None = None) -> Enrollment | None:
    """The enrollment the pathway follows: the newest active or completed one (of `program`)."""
    enrollments = enrollments_of(applicant).exclude(status=Enrollment.Status.WITHDRAWN)
    if program is not None:
        enrollments = enrollments.filter(program=program)
    return enrollments.first()


def applications_awaiting_approval() -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(status=Enrollment.Status.APPLIED)
        .select_related("applicant", "cohort__program")
        .order_by("applied_at", "id")
    )


def cohorts_taught_by(instructor) -> QuerySet[Cohort]:
    return (
        instructor.teaching_cohorts.select_related("program")
        .annotate(enrolled=Count("enrollments", filter=Q(enrollments__status="enrolled")))
        .order_by("starts_on")
    )


# --- theory modules -----------------------------------------------------------------------------


@dataclass
class ModuleProgress:
    module: TheoryModule
    completion: ModuleCompletion | None

    @property
    def is_complete(self) -> bool:
        return bool(self.completion and self.completion.is_complete())


@dataclass
class TheoryProgress:
    enrollment: Enrollment
    modules: list[ModuleProgress]

    @property
    def done(self) -> int:
        return sum(item.is_complete for item in self.modules)

    @property
    def total(self) -> int:
        return len(self.modules)

    @property
    def is_complete(self) -> bool:
        return (
            self.enrollment.status in COUNTING_STATUSES
            and self.total > 0
            and self.done == self.total
        )

    @property
    def missing(self) -> list[TheoryModule]:
        return [item.module for item in self.modules if not item.is_complete]


def theory_progress(enrollment: Enrollment) -> TheoryProgress:
    """Each module of the enrollment's program with the trainee's completion record: 2 queries."""
    completions = {
        c.module_id: c
        for c in ModuleCompletion.objects.filter(enrollment=enrollment).select_related(
            "recorded_by"
        )
    }
    modules = TheoryModule.objects.filter(program_id=enrollment.program_id)
    return TheoryProgress(enrollment, [ModuleProgress(m, completions.get(m.pk)) for m in modules])


def theory_complete(applicant, program: TrainingProgram) -> bool:
    """Step 2 holds: enrolled (or completed) in `program` with every theory module complete."""
    enrollment = current_enrollment(applicant, program)
    return enrollment is not None and theory_progress(enrollment).is_complete


# --- hands-on training (step 3) -----------------------------------------------------------------


@dataclass
class HandsOnStatus:
    """How far a trainee stands against the program's hands-on minimums."""

    enrollment: Enrollment | None
    minimums_met: bool = False
    missing: list[str] = field(default_factory=list)


def hands_on_status(applicant, program: TrainingProgram) -> HandsOnStatus:
    """Step 3: the trainee's verified sessions against the program's minimums.

    (Filled in by the hands-on log; until then nobody meets the minimums.)
    """
    enrollment = current_enrollment(applicant, program)
    return HandsOnStatus(enrollment, False, ["log and have verified your hands-on sessions"])


def instructor_ids_who_supervised(applicant) -> set[int]:
    """Everyone who taught or supervised the applicant: the instructors of their cohorts (and,
    with the hands-on log, the supervisors of their sessions). An examiner among them may not
    score the applicant's practical exam."""
    return set(
        Cohort.instructors.through.objects.filter(
            cohort__enrollments__applicant=applicant
        ).values_list("user_id", flat=True)
    )
