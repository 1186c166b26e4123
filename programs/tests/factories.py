from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from programs.models import Cohort, TheoryModule, TrainingProgram


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
