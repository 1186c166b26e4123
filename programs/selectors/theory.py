"""Theory-module progress."""

from dataclasses import dataclass

from django.db.models import FilteredRelation, Q, QuerySet

from ..models import (
    Enrollment,
    ModuleCompletion,
    TheoryModule,
    TrainingProgram,
)
from .enrollment import COUNTING_STATUSES, current_enrollment


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
    """Each module of the enrollment's program with the trainee's completion record: one query
    (a module has at most one completion per enrollment, so the join adds no rows)."""
    modules = (
        TheoryModule.objects.filter(program_id=enrollment.program_id)
        .annotate(
            own_completion=FilteredRelation(
                "completions", condition=Q(completions__enrollment=enrollment)
            )
        )
        .select_related("own_completion__recorded_by")
    )
    # A module without a completion row has no `own_completion` attribute at all.
    return TheoryProgress(
        enrollment, [ModuleProgress(m, getattr(m, "own_completion", None)) for m in modules]
    )


def theory_complete(applicant, program: TrainingProgram) -> bool:
    """Step 2 holds: enrolled (or completed) in `program` with every theory module complete."""
    enrollment = current_enrollment(applicant, program)
    return enrollment is not None and theory_progress(enrollment).is_complete


@dataclass
class RosterRow:
    enrollment: Enrollment
    cells: list[ModuleProgress]

    @property
    def done(self) -> int:
        return sum(cell.is_complete for cell in self.cells)


@dataclass
class CohortRoster:
    modules: list[TheoryModule]
    rows: list[RosterRow]


def roster_enrollments(cohort) -> QuerySet[Enrollment]:
    """The trainees an instructor records: enrolled or already completed, by name."""
    return (
        Enrollment.objects.filter(cohort=cohort, status__in=COUNTING_STATUSES)
        .select_related("applicant", "program")
        .order_by("applicant__full_legal_name", "id")
    )


def cohort_roster(cohort) -> CohortRoster:
    """Every trainee of the cohort against every module of its program: three queries."""
    enrollments = list(roster_enrollments(cohort))
    modules = list(TheoryModule.objects.filter(program_id=cohort.program_id))
    completions = {
        (c.enrollment_id, c.module_id): c
        for c in ModuleCompletion.objects.filter(enrollment__in=[e.pk for e in enrollments])
    }
    rows = [
        RosterRow(e, [ModuleProgress(m, completions.get((e.pk, m.pk))) for m in modules])
        for e in enrollments
    ]
    return CohortRoster(modules, rows)


def module_records(cohort, module: TheoryModule) -> list[ModuleProgress]:
    """One module for the whole cohort, trainee by trainee, with each one's enrollment."""
    enrollments = list(roster_enrollments(cohort))
    completions = {
        c.enrollment_id: c
        for c in ModuleCompletion.objects.filter(
            module=module, enrollment__in=[e.pk for e in enrollments]
        )
    }
    records = []
    for enrollment in enrollments:
        record = ModuleProgress(module, completions.get(enrollment.pk))
        record.enrollment = enrollment
        records.append(record)
    return records
