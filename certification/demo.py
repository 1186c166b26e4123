"""Demo certificates: a holder with an issued certificate and one whose certificate was revoked.

Each holder goes through the pathway with the programs' own demo helpers (enrollment, theory,
verified hands-on sessions), a passed written attempt made directly (the demo's shortcut: the
written exam's seed owns the attempt pages), and a practical sitting scored through the
examiner's service, whose pass completes the last step: the certificate is then issued by the
same listener and task as in real use. Running it again changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from exams.models import Attempt, PracticalSitting, Rubric, WrittenExam
from exams.services.practical_demo import _at, _direct_sitting, _score
from programs.demo import MODULES, SESSIONS, _log_sessions, _record_modules, _trainee
from programs.models import TrainingProgram

from . import services
from .models import Certificate

DEMO_PROGRAM = "CAE-2026-0142"
# (e-mail, license number, revoked with this reason or "")
HOLDERS = [
    ("holder@demo.test", "A-300201", ""),
    (
        "revoked@demo.test",
        "A-300202",
        "The practical exam was sat by a substitute (board decision).",
    ),
]


def _pass_written(user: User, program: TrainingProgram) -> None:
    exam = WrittenExam.objects.filter(program=program, is_active=True).first()
    if exam is None or Attempt.objects.filter(exam=exam, candidate=user).exists():
        return
    started = timezone.now() - timedelta(days=6, hours=2)
    Attempt.objects.create(
        exam=exam,
        candidate=user,
        number=1,
        status=Attempt.Status.SUBMITTED,
        submission=Attempt.Submission.CANDIDATE,
        started_at=started,
        deadline=started + timedelta(minutes=exam.time_limit_minutes),
        submitted_at=started + timedelta(minutes=40),
        score_points=42,
        max_points=50,
        score_percent=84,
        passed=True,
    )


def _pass_practical(user: User, program: TrainingProgram) -> None:
    if PracticalSitting.objects.filter(candidate=user, program=program).exists():
        return
    rubric = Rubric.objects.filter(program=program).order_by("pk").first()
    examiner = User.objects.get(email="examiner@demo.test")
    sitting = _direct_sitting(user, rubric, _at(-3, 14), examiners=[examiner])
    _score(sitting, examiner, [4, 4, 3, 4, 4])  # passes: the last step completes here


def seed_certificates() -> None:
    program = TrainingProgram.objects.get(accreditation_number=DEMO_PROGRAM)
    cohort = program.cohorts.order_by("starts_on").first()  # the running autumn cohort
    instructor = User.objects.get(email="instructor@demo.test")
    admin = User.objects.get(email="admin@demo.test")
    for email, license_number, revocation in HOLDERS:
        user = User.objects.get(email=email)
        if Certificate.objects.filter(holder=user, program=program).exists():
            continue
        with transaction.atomic():
            _, enrollment = _trainee(email, cohort, license_number)
            _record_modules(enrollment, instructor, len(MODULES))
            _log_sessions(enrollment, instructor, SESSIONS, verify=len(SESSIONS))
            _pass_written(user, program)
            _pass_practical(user, program)
        certificate = Certificate.objects.get(holder=user, program=program)
        # Embedded mode renders on commit (eager); with a worker this makes the demo ready now.
        services.render_and_issue(certificate_id=certificate.pk)
        if revocation:
            services.revoke_certificate(certificate=certificate, by=admin, reason=revocation)
