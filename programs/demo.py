"""Demo program for the embedded mode: an accredited program, its modules, an open cohort."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from . import services
from .models import Cohort, TheoryModule, TrainingProgram

MODULES = [
    ("Pharmacology of botulinum toxins", TheoryModule.Topic.PHARMACOLOGY),
    ("Patient assessment", TheoryModule.Topic.PATIENT_ASSESSMENT),
    ("Facial anatomy", TheoryModule.Topic.FACIAL_ANATOMY),
    ("Complications and their management", TheoryModule.Topic.COMPLICATIONS),
    ("Ethics and consent", TheoryModule.Topic.ETHICS_CONSENT),
    ("Case studies", TheoryModule.Topic.CASE_STUDIES),
]


@transaction.atomic
def seed_programs() -> None:
    today = timezone.localdate()
    program, created = TrainingProgram.objects.get_or_create(
        accreditation_number="CAE-2026-0142",
        defaults={
            "name": "Botulinum Toxin Injector Certification Program",
            "provider": "Pacific Institute of Aesthetic Medicine",
            "accreditation_body": "Council for Aesthetic Medical Education",
            "accredited_from": today - timedelta(days=400),
            "accredited_until": today + timedelta(days=900),
            "description": "Theory, supervised hands-on training on live models, and the "
            "written and practical certification exams.",
            "approves_enrollment_automatically": True,
        },
    )
    if created:
        for position, (title, topic) in enumerate(MODULES, start=1):
            TheoryModule.objects.create(
                program=program, title=title, topic=topic, position=position
            )
    cohort, created = Cohort.objects.get_or_create(
        program=program,
        name="Spring cohort",
        defaults={
            "starts_on": today + timedelta(days=14),
            "ends_on": today + timedelta(days=120),
            "location": "San Francisco, CA",
            "capacity": 12,
        },
    )
    if created:
        cohort.instructors.add(User.objects.get(email="instructor@demo.test"))
    alex = User.objects.get(email="applicant@demo.test")
    if not alex.enrollments.exists():
        services.apply_for_cohort(applicant=alex, cohort=cohort)
