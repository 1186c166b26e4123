"""Demo programs for the embedded mode: an accredited program with a running cohort and trainees
at each stage of steps 2 and 3, a program that approves by hand with a full cohort, and one whose
accreditation lapsed while a trainee was enrolled.

Everything goes through the services (programs and cohorts set up by the demo admin; apply,
approve, record modules, log and verify sessions), so the demo has the same audit trail as real
use. The exams' and certificates' demos train their candidates with the helpers here. Running it
again changes nothing.
"""

from contextlib import nullcontext
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import as_of, days_ago, qualify
from accounts.models import User

from . import services
from .models import Cohort, Enrollment, HandsOnSession, TrainingProgram
from .services.setup import STANDARD_MODULES

DEMO_PROGRAM = "CAE-2026-0142"
MODULES = STANDARD_MODULES  # a demo program has the same six modules as a new one

# name, sessions to perform under supervision
AREAS = [
    ("Glabellar lines", 3),
    ("Forehead lines", 2),
    ("Lateral canthal lines", 2),
    ("Bunny lines", 0),
    ("Masseter", 0),
]
REQUIREMENTS = {
    "min_verified_sessions": 6,
    "min_total_hours": Decimal("5"),
    "min_skin_types": 3,
    "min_treatment_goals": 2,
}


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _program(number: str, **values) -> tuple[TrainingProgram, bool]:
    """The program (created by the demo admin, once) and whether it was created now."""
    program = TrainingProgram.objects.filter(accreditation_number=number).first()
    if program is not None:
        return program, False
    admin = _person("admin@demo.test")
    program = services.create_program(
        values={
            "accreditation_number": number,
            "provider": "Pacific Institute of Aesthetic Medicine",
            "accreditation_body": "Council for Aesthetic Medical Education",
            "director_name": "Dr. Helen Marsh, MD",
            "director_title": "Medical Director",
            **values,
        },
        actor=admin,
    )
    services.change_hands_on_requirements(program=program, values=REQUIREMENTS, actor=admin)
    for position, (name, minimum) in enumerate(AREAS, start=1):
        services.add_treatment_area(
            program=program,
            values={"name": name, "position": position, "min_sessions_performed": minimum},
            actor=admin,
        )
    return program, True


def cohort(program, name, *, starts_on: date, capacity: int, location="San Francisco, CA"):
    """The program's cohort of that name, taught by the demo instructor (created once)."""
    found = Cohort.objects.filter(program=program, name=name).first()
    if found is not None:
        return found
    return services.create_cohort(
        program=program,
        values={
            "name": name,
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=120),
            "location": location,
            "capacity": capacity,
        },
        instructors=[_person("instructor@demo.test")],
        actor=_person("admin@demo.test"),
    )


def enroll(user: User, cohort: Cohort, license_number: str) -> Enrollment:
    """The demo person, qualified and applied to `cohort` (once); their enrollment in it."""
    qualify(user, license_number=license_number)
    enrollment = user.enrollments.filter(cohort=cohort).first()
    if enrollment is None:
        # The demo's trainees joined when their cohort began (their sessions are dated weeks
        # ago, and a session may not predate its enrollment): they apply at that moment.
        start = timezone.make_aware(datetime.combine(cohort.starts_on, time(9, 0)))
        with as_of(start) if start < timezone.now() else nullcontext():
            enrollment = services.apply_for_cohort(actor=user, cohort=cohort)
    return enrollment


def _trainee(email: str, cohort: Cohort, license_number: str):
    user = _person(email)
    return user, enroll(user, cohort, license_number)


def record_modules(enrollment: Enrollment, count: int | None = None) -> None:
    """The demo instructor records the first `count` modules (all by default), once."""
    if enrollment.module_completions.exists():
        return
    instructor = _person("instructor@demo.test")
    day = timezone.localdate() - timedelta(days=20)
    modules = list(enrollment.program.modules.all())
    for module in modules[: len(modules) if count is None else count]:
        services.record_module_completion(
            enrollment=enrollment,
            module=module,
            actor=instructor,
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


def log_sessions(enrollment, plan=SESSIONS, *, verify: int | None = None, returned: int = 0):
    """The trainee logs the plan's sessions and the demo instructor, who supervised them,
    verifies the first `verify` (all by default) and sends the next `returned` back; once."""
    if enrollment.hands_on_sessions.exists():
        return
    supervisor = _person("instructor@demo.test")
    verify = len(plan) if verify is None else verify
    areas = {area.name: area for area in enrollment.program.treatment_areas.all()}
    sessions = []
    for days, skin_type, goal, units, role in plan:
        entry = services.SessionEntry(
            supervisor=supervisor,
            performed_on=timezone.localdate() - timedelta(days=days),
            duration_minutes=60,
            model_age_band=HandsOnSession.AgeBand.A40_49,
            model_sex=HandsOnSession.Sex.FEMALE,
            skin_type=skin_type,
            product="OnabotulinumtoxinA",
            lot_number=f"C{4100 + days}",
            goal=goal,
            trainee_role=role,
            outcome="Treatment tolerated well; no immediate adverse effects.",
            reflection="Assessed dynamic lines at rest and in animation before marking points.",
            areas={areas[name]: Decimal(n) for name, n in units.items()},
        )
        sessions.append(
            services.log_session(enrollment=enrollment, actor=enrollment.applicant, entry=entry)
        )
    for session in sessions[:verify]:
        services.verify_session(
            session=session,
            actor=supervisor,
            technique=4,
            communication=4,
            judgement=3,
            comment="Safe technique and good spacing; keep 1 cm above the orbital rim.",
        )
    for session in sessions[verify : verify + returned]:
        services.return_session(
            session=session,
            actor=supervisor,
            reason="Add the lot number exactly as printed on the vial.",
        )


def train(user: User, cohort: Cohort, license_number: str, *, complete=False) -> Enrollment:
    """Steps 1 to 3 done: qualified, enrolled, every module recorded, the hands-on minimums met
    (sessions in the twelve days before now); with `complete`, the program marked completed."""
    enrollment = enroll(user, cohort, license_number)
    record_modules(enrollment)
    log_sessions(enrollment)
    enrollment.refresh_from_db()
    if complete and enrollment.status == Enrollment.Status.ENROLLED:
        services.complete_enrollment(enrollment=enrollment, actor=_person("admin@demo.test"))
    return enrollment


def demo_program() -> TrainingProgram:
    return TrainingProgram.objects.get(accreditation_number=DEMO_PROGRAM)


@transaction.atomic
def seed_programs() -> None:
    today = timezone.localdate()
    admin = _person("admin@demo.test")
    program, _ = _program(
        DEMO_PROGRAM,
        name="Botulinum Toxin Injector Certification Program",
        # Long enough ago for the holders certified two years back (certification/demo_lifecycle).
        accredited_from=today - timedelta(days=1000),
        accredited_until=today + timedelta(days=900),
        description="Theory, supervised hands-on training on live models, and the written and "
        "practical certification exams.",
        approves_enrollment_automatically=True,
    )
    spring = cohort(program, "Spring cohort", starts_on=today + timedelta(days=14), capacity=12)
    autumn = cohort(program, "Autumn cohort", starts_on=today - timedelta(days=45), capacity=12)

    alex = _person("applicant@demo.test")
    if not alex.enrollments.exists():
        services.apply_for_cohort(actor=alex, cohort=spring)

    _, maya = _trainee("trainee@demo.test", autumn, "A-300101")
    record_modules(maya, 3)
    log_sessions(maya, SESSIONS[:4], verify=2, returned=1)

    train(_person("ready@demo.test"), autumn, "A-300102")
    train(_person("completed@demo.test"), autumn, "A-300103", complete=True)

    advanced, _ = _program(
        "CAE-2026-0377",
        name="Advanced Neuromodulator Program",
        accredited_from=today - timedelta(days=100),
        accredited_until=today + timedelta(days=600),
        description="For experienced injectors: small cohorts, admission by review.",
        approves_enrollment_automatically=False,
    )
    masterclass = cohort(
        advanced, "Winter masterclass", starts_on=today + timedelta(days=30), capacity=1
    )
    # Hannah holds the masterclass's only seat, so Ethan waits behind her.
    _, hannah = _trainee("masterclass@demo.test", masterclass, "A-300108")
    if hannah.status == hannah.Status.APPLIED:
        services.approve_enrollment(enrollment=hannah, actor=admin)
    _, ethan = _trainee("waitlisted@demo.test", masterclass, "A-300105")
    if ethan.status == ethan.Status.APPLIED:
        services.approve_enrollment(enrollment=ethan, actor=admin)  # no seat left: waitlisted
    _trainee("applied@demo.test", masterclass, "A-300104")  # waits for an admin's decision

    # Tomás enrolled a month ago in a program whose accreditation ran out ten days ago: his
    # enrollment is kept, and flagged.
    if not TrainingProgram.objects.filter(accreditation_number="CAE-2019-0051").exists():
        with as_of(days_ago(30)):
            legacy, _ = _program(
                "CAE-2019-0051",
                name="Facial Aesthetics Foundation Course",
                accredited_from=today - timedelta(days=5 * 365),
                accredited_until=today - timedelta(days=10),
                description="Accreditation ran out during the current cohort; renewal is pending.",
                approves_enrollment_automatically=True,
            )
            foundation = cohort(
                legacy, "Foundation cohort", starts_on=today - timedelta(days=20), capacity=8
            )
            _trainee("flagged@demo.test", foundation, "A-300107")
