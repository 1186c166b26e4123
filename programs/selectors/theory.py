"""Theory-module progress."""

from dataclasses import dataclass

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
