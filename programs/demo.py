"""Demo programs for the embedded mode: an accredited program with a running cohort and trainees
at each stage of steps 2 and 3, a program that approves by hand with a full cohort, and one whose
accreditation lapsed while a trainee was enrolled.

Everything goes through the services (apply, approve, record modules, log and verify sessions), so
the demo has the same audit trail as real use. Running it again changes nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import qualify
from accounts.models import User

from . import services
from .models import (
    Cohort,
    HandsOnRequirements,
    HandsOnSession,
    TheoryModule,
    TrainingProgram,
    TreatmentArea,
)
from .services.setup import STANDARD_MODULES

MODULES = STANDARD_MODULES  # a demo program has the same six modules as a new one

# name, sessions to perform under supervision
AREAS = [
    ("Glabellar lines", 3),
    ("Forehead lines", 2),
    ("Lateral canthal lines", 2),
    ("Bunny lines", 0),
    ("Masseter", 0),
]


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _program(number: str, **fields) -> tuple[TrainingProgram, bool]:
    program, created = TrainingProgram.objects.get_or_create(
        accreditation_number=number,
        defaults={
            "provider": "Pacific Institute of Aesthetic Medicine",
            "accreditation_body": "Council for Aesthetic Medical Education",
            "director_name": "Dr. Helen Marsh, MD",
            "director_title": "Medical Director",
            **fields,
        },
    )
    if created:
        for position, (title, topic) in enumerate(MODULES, start=1):
            TheoryModule.objects.create(
                program=program, title=title, topic=topic, position=position
            )
        HandsOnRequirements.objects.create(
            program=program,
            min_verified_sessions=6,
            min_total_hours=Decimal("5"),
            min_skin_types=3,
            min_treatment_goals=2,
        )
        for position, (name, minimum) in enumerate(AREAS, start=1):
            TreatmentArea.objects.create(
                program=program, name=name, position=position, min_sessions_performed=minimum
            )
    return program, created


def _cohort(program, name, *, starts_in_days, capacity, instructor=None) -> Cohort:
    today = timezone.localdate()
    cohort, created = Cohort.objects.get_or_create(
        program=program,
        name=name,
        defaults={
            "starts_on": today + timedelta(days=starts_in_days),
            "ends_on": today + timedelta(days=starts_in_days + 120),
            "location": "San Francisco, CA",
            "capacity": capacity,
        },
    )
    if created and instructor:
        cohort.instructors.add(instructor)
    return cohort


def _trainee(email: str, cohort: Cohort, license_number: str):
    """The demo person, qualified and applied to `cohort` (once); their enrollment in it."""
    user = _person(email)
    qualify(user, license_number=license_number)
    enrollment = user.enrollments.filter(cohort=cohort).first()
    if enrollment is None:
        enrollment = services.apply_for_cohort(applicant=user, cohort=cohort)
    return user, enrollment


def _record_modules(enrollment, instructor, count: int) -> None:
    if enrollment.module_completions.exists():
        return
    day = timezone.localdate() - timedelta(days=20)
    for module in enrollment.program.modules.all()[:count]:
        services.record_module_completion(
            enrollment=enrollment,
            module=module,
            instructor=instructor,
            attended=True,
            passed_assessment=True,
            completed_on=day,
            note="Quiz passed first time.",
        )


# (days ago, skin type, goal, areas and units, role): a plausible first month of practice
SESSIONS = [
    (12, 2, "soften_dynamic", {"Glabellar lines": 20}, "performed"),
    (11, 3, "soften_dynamic", {"Forehead lines": 10, "Glabellar lines": 20}, "performed"),
    (10, 4, "prevention", {"Lateral canthal lines": 24}, "performed"),
    (9, 1, "static_lines", {"Glabellar lines": 24}, "performed"),
    (8, 5, "brow_shaping", {"Lateral canthal lines": 12, "Forehead lines": 8}, "performed"),
    (7, 6, "soften_dynamic", {"Glabellar lines": 20, "Bunny lines": 4}, "performed"),
    (5, 2, "symmetry", {"Masseter": 25}, "observed"),
]


def _log_sessions(enrollment, supervisor, plan, *, verify: int, returned: int = 0) -> None:
    if enrollment.hands_on_sessions.exists():
        return
    areas = {area.name: area for area in enrollment.program.treatment_areas.all()}
    sessions = []
    for days_ago, skin_type, goal, units, role in plan:
        entry = services.SessionEntry(
            supervisor=supervisor,
            performed_on=timezone.localdate() - timedelta(days=days_ago),
            duration_minutes=60,
            model_age_band=HandsOnSession.AgeBand.A40_49,
            model_sex=HandsOnSession.Sex.FEMALE,
            skin_type=skin_type,
            product="OnabotulinumtoxinA",
            lot_number=f"C{4100 + days_ago}",
            goal=goal,
            trainee_role=role,
            outcome="Treatment tolerated well; no immediate adverse effects.",
            reflection="Assessed dynamic lines at rest and in animation before marking points.",
            areas={areas[name]: Decimal(n) for name, n in units.items()},
        )
        sessions.append(
            services.log_session(enrollment=enrollment, by=enrollment.applicant, entry=entry)
        )
    for session in sessions[:verify]:
        services.verify_session(
            session=session,
            instructor=supervisor,
            technique=4,
            communication=4,
            judgement=3,
            comment="Safe technique and good spacing; keep 1 cm above the orbital rim.",
        )
    for session in sessions[verify : verify + returned]:
        services.return_session(
            session=session,
            instructor=supervisor,
            reason="Add the lot number exactly as printed on the vial.",
        )


@transaction.atomic
def seed_programs() -> None:
    today = timezone.localdate()
    instructor = _person("instructor@demo.test")
    admin = _person("admin@demo.test")
    program, _ = _program(
        "CAE-2026-0142",
        name="Botulinum Toxin Injector Certification Program",
        accredited_from=today - timedelta(days=400),
        accredited_until=today + timedelta(days=900),
        description="Theory, supervised hands-on training on live models, and the written and "
        "practical certification exams.",
        approves_enrollment_automatically=True,
    )
    spring = _cohort(
        program, "Spring cohort", starts_in_days=14, capacity=12, instructor=instructor
    )
    autumn = _cohort(
        program, "Autumn cohort", starts_in_days=-45, capacity=12, instructor=instructor
    )

    alex = _person("applicant@demo.test")
    if not alex.enrollments.exists():
        services.apply_for_cohort(applicant=alex, cohort=spring)

    _, maya = _trainee("trainee@demo.test", autumn, "A-300101")
    _record_modules(maya, instructor, 3)
    _log_sessions(maya, instructor, SESSIONS[:4], verify=2, returned=1)

    _, daniel = _trainee("ready@demo.test", autumn, "A-300102")
    _record_modules(daniel, instructor, len(MODULES))
    _log_sessions(daniel, instructor, SESSIONS, verify=len(SESSIONS))

    _, grace = _trainee("completed@demo.test", autumn, "A-300103")
    _record_modules(grace, instructor, len(MODULES))
    _log_sessions(grace, instructor, SESSIONS, verify=len(SESSIONS))
    if grace.status == grace.Status.ENROLLED:
        services.complete_enrollment(enrollment=grace, by=admin)

    advanced, _ = _program(
        "CAE-2026-0377",
        name="Advanced Neuromodulator Program",
        accredited_from=today - timedelta(days=100),
        accredited_until=today + timedelta(days=600),
        description="For experienced injectors: small cohorts, admission by review.",
        approves_enrollment_automatically=False,
    )
    masterclass = _cohort(
        advanced, "Winter masterclass", starts_in_days=30, capacity=1, instructor=instructor
    )
    # Hannah holds the masterclass's only seat, so Ethan waits behind her.
    _, hannah = _trainee("masterclass@demo.test", masterclass, "A-300108")
    if hannah.status == hannah.Status.APPLIED:
        services.approve_enrollment(enrollment=hannah, by=admin)
    _, ethan = _trainee("waitlisted@demo.test", masterclass, "A-300105")
    if ethan.status == ethan.Status.APPLIED:
        services.approve_enrollment(enrollment=ethan, by=admin)  # no seat left: waitlisted
    _trainee("applied@demo.test", masterclass, "A-300104")  # waits for an admin's decision

    legacy, created = _program(
        "CAE-2019-0051",
        name="Facial Aesthetics Foundation Course",
        accredited_from=today - timedelta(days=5 * 365),
        accredited_until=today + timedelta(days=60),
        description="Accreditation ran out during the current cohort; renewal is pending.",
        approves_enrollment_automatically=True,
    )
    foundation = _cohort(
        legacy, "Foundation cohort", starts_in_days=-20, capacity=8, instructor=instructor
    )
    _trainee("flagged@demo.test", foundation, "A-300107")
    if created or legacy.is_accredited():
        # The accreditation lapsed after Tomás enrolled: his enrollment is kept, and flagged.
        TrainingProgram.objects.filter(pk=legacy.pk).update(
            accredited_until=today - timedelta(days=10)
        )
