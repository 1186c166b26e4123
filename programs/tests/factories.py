from datetime import timedelta

import factory
from django.db import transaction
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.roles import Role
from accounts.tests.factories import UserFactory, qualified_applicant
from programs.models import (
    Cohort,
    Enrollment,
    HandsOnRequirements,
    HandsOnSession,
    ModuleCompletion,
    SessionArea,
    TheoryModule,
    TrainingProgram,
    TreatmentArea,
)
from programs.selectors import requirements_of
from programs.services import refresh_hands_on_met


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
    # No random CE audit unless a test asks for one (0 or 100): renewal tests stay deterministic.
    renewal_audit_percent = 0


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


class HandsOnSessionFactory(DjangoModelFactory):
    """A session the trainee performed on a type II model, waiting for verification.

    Pass `areas={area: units}` to record treatment areas (default: none); `verified=True`
    makes it verified with ratings.
    """

    class Meta:
        model = HandsOnSession
        skip_postgeneration_save = True

    enrollment = factory.SubFactory(EnrollmentFactory)
    supervisor = factory.LazyAttribute(lambda o: o.enrollment.cohort.instructors.first())
    performed_on = factory.LazyFunction(today)
    duration_minutes = 60
    model_age_band = HandsOnSession.AgeBand.A40_49
    model_sex = HandsOnSession.Sex.FEMALE
    skin_type = 2
    product = "OnabotulinumtoxinA"
    lot_number = factory.Sequence(lambda n: f"C{5000 + n}")
    goal = HandsOnSession.Goal.SOFTEN_DYNAMIC
    trainee_role = HandsOnSession.Role.PERFORMED
    outcome = "Treatment tolerated well; no immediate adverse effects."
    reflection = "Palpated the corrugators before injecting; kept 1 cm above the orbital rim."

    class Params:
        verified = factory.Trait(
            status=HandsOnSession.Status.VERIFIED,
            verified_at=factory.LazyFunction(timezone.now),
            technique_rating=4,
            communication_rating=4,
            judgement_rating=4,
            feedback="Safe technique.",
        )

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        for area, units in (extracted or {}).items():
            SessionArea.objects.create(session=self, area=area, units=units)


def program_with_hands_on(**fields) -> TrainingProgram:
    """A program with 3 modules, small hands-on minimums (3 verified sessions, 2 hours, 2 skin
    types, 2 goals) and two treatment areas: glabellar lines (2 performed) and forehead lines."""
    program = program_with_modules(**fields)
    HandsOnRequirements.objects.create(
        program=program,
        min_verified_sessions=3,
        min_total_hours=2,
        min_skin_types=2,
        min_treatment_goals=2,
        verification_window_days=14,
    )
    TreatmentArea.objects.create(
        program=program, name="Glabellar lines", position=1, min_sessions_performed=2
    )
    TreatmentArea.objects.create(program=program, name="Forehead lines", position=2)
    return program


def trainee_in(program: TrainingProgram, **user_fields) -> Enrollment:
    """A qualified applicant enrolled in a running cohort of `program` (started 30 days ago)
    taught by one instructor."""
    cohort = CohortFactory(
        program=program,
        capacity=50,
        starts_on=today() - timedelta(days=30),
        ends_on=today() + timedelta(days=90),
    )
    cohort.instructors.add(UserFactory(roles=[Role.INSTRUCTOR]))
    return EnrollmentFactory(
        applicant=qualified_applicant(**user_fields), cohort=cohort, program=program
    )


def trainee_with_hands_on_complete(program: TrainingProgram | None = None, **user_fields):
    """A trainee (theory complete) whose verified hands-on sessions meet every minimum of the
    program: the state in which the practical exam unlocks. Returns the enrollment.

    Without a program, one from `program_with_hands_on()`. Sessions are created verified, as the
    supervising instructor would have left them, and `hands_on_met_at` stored as verifying them
    would have (a test that changes sessions directly calls `refresh_hands_on_met` after).
    """
    program = program or program_with_hands_on()
    enrollment = complete_theory(trainee_in(program, **user_fields))
    requirements = requirements_of(program)
    areas = list(program.treatment_areas.all())
    needed = max(
        requirements.min_verified_sessions,
        int(requirements.min_total_hours),
        requirements.min_skin_types,
        requirements.min_treatment_goals,
        *(area.min_sessions_performed for area in areas),
    )
    goals = HandsOnSession.Goal.values
    for number in range(needed):
        HandsOnSessionFactory(
            enrollment=enrollment,
            verified=True,
            skin_type=1 + number % 6,
            goal=goals[number % len(goals)],
            areas={area: 10 for area in areas},
        )
    with transaction.atomic():  # it locks the row, as in the services that call it
        refresh_hands_on_met(enrollment)
    enrollment.refresh_from_db(fields=["hands_on_met_at"])
    return enrollment
