from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.roles import Role
from accounts.tests.factories import UserFactory, qualified_applicant
from programs.models import Cohort, Enrollment, ModuleCompletion, TheoryModule, TrainingProgram


def today():
    return timezone.localdate()


class ProgramFactory(DjangoModelFactory):
    """An accredited program (accredited from a year ago for two more years)."""

    class Meta:
        model = TrainingProgram

    name = factory.Sequence(lambda n: f"Botulinum Toxin Injector Program {n}")
    provider = "Institute of Aesthetic Medicine"
    accreditation_body = "Council for Aesthetic Education"
    accreditation_number = factory.Sequence(lambda n: f"CAE-{2000 + n}")
    accredited_from = factory.LazyFunction(lambda: today() - timedelta(days=365))
    accredited_until = factory.LazyFunction(lambda: today() + timedelta(days=730))
    approves_enrollment_automatically = True


class TheoryModuleFactory(DjangoModelFactory):
    class Meta:
        model = TheoryModule

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    topic = TheoryModule.Topic.PHARMACOLOGY


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyFunction(lambda: today() + timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: today() + timedelta(days=120))
    location = "San Francisco"
    capacity = 2


class EnrollmentFactory(DjangoModelFactory):
    """An enrolled trainee (a qualified applicant) in a cohort."""

    class Meta:
        model = Enrollment

    applicant = factory.LazyFunction(qualified_applicant)
    cohort = factory.SubFactory(CohortFactory)
    program = factory.SelfAttribute("cohort.program")
    status = Enrollment.Status.ENROLLED


def program_with_modules(count: int = 3, **fields) -> TrainingProgram:
    program = ProgramFactory(**fields)
    for position in range(1, count + 1):
        TheoryModuleFactory(program=program, position=position, title=f"Module {position}")
    return program


def complete_theory(enrollment: Enrollment) -> Enrollment:
    """Every module of the enrollment's program attended and passed (recorded directly)."""
    recorder = enrollment.cohort.instructors.first() or UserFactory(roles=[Role.INSTRUCTOR])
    for module in enrollment.program.modules.all():
        ModuleCompletion.objects.update_or_create(
            enrollment=enrollment,
            module=module,
            defaults={
                "attended": True,
                "passed_assessment": True,
                "completed_on": today(),
                "recorded_by": recorder,
            },
        )
    return enrollment


def trainee_with_theory_complete(program: TrainingProgram | None = None, **user_fields):
    """A qualified applicant enrolled in `program` (one with 3 modules if not given), every
    theory module complete: the state in which the written exam unlocks. Returns the enrollment.
    """
    program = program or program_with_modules()
    cohort = CohortFactory(program=program, capacity=50)
    enrollment = EnrollmentFactory(
        applicant=qualified_applicant(**user_fields), cohort=cohort, program=program
    )
    return complete_theory(enrollment)


def trainee_with_hands_on_complete(program: TrainingProgram | None = None, **user_fields):
    """A trainee (theory complete) whose verified hands-on sessions meet every minimum of the
    program: the state in which the practical exam unlocks. Returns the enrollment.

    (Filled in by the hands-on log.)
    """
    raise NotImplementedError("arrives with the hands-on log (issue 5)")
