"""Demo data of the written exam (called by exams.demo.seed_written_exam): the bank of
exams/written_demo_bank.py, the demo program's written exam, and candidates with past attempts
(some passed, some failed, one ready to sit), so the item analysis has data to show.

Everything goes through the services; attempts are then moved back in time, as the accounts demo
does with an expired license. Running it again changes nothing.
"""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts import services as accounts_services
from accounts.demo import DEMO_PASSWORD, qualify
from accounts.models import User
from accounts.roles import Role
from programs import services as program_services
from programs.models import Cohort, TrainingProgram

from .. import written_demo_bank as bank_data
from ..models.written import (
    Attempt,
    AttemptItem,
    BlueprintRow,
    Question,
    Topic,
    Vignette,
    WrittenExam,
)
from . import written as services
from .written_bank import QuestionContent, create_question

DEMO_PROGRAM = "CAE-2026-0142"

# email, name, license number, ability per attempt (chance of a correct answer), days ago
CANDIDATES = [
    ("nadia.rahman@demo.test", "Nadia Rahman", "A-410201", [(0.9, 20)]),
    ("james.obrien@demo.test", "James O'Brien", "A-410202", [(0.5, 24), (0.85, 12)]),
    ("sara.lindgren@demo.test", "Sara Lindgren", "A-410203", [(0.5, 2)]),
    ("mateo.rossi@demo.test", "Mateo Rossi", "A-410204", [(0.8, 15)]),
    ("fatima.zahra@demo.test", "Fatima Zahra", "A-410205", [(0.4, 30), (0.55, 18)]),
    ("kwame.asante@demo.test", "Kwame Asante", "A-410206", [(0.75, 9)]),
    ("li.wei@demo.test", "Li Wei", "A-410207", [(0.95, 6)]),
    ("emma.novak@demo.test", "Emma Novak", "A-410208", [(0.35, 4)]),
    ("ryan.doyle@demo.test", "Ryan Doyle", "A-410209", []),  # theory done, ready to sit
]
DIFFICULTY_SHIFT = {"easy": 0.15, "medium": 0.0, "hard": -0.2}


def _bank(admin: User) -> None:
    for position, (code, name) in enumerate(bank_data.TOPICS, start=1):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    topics = {t.code: t for t in Topic.objects.all()}
    existing = set(Question.objects.values_list("code", flat=True))

    def add(code, topic, difficulty, kind, stem, options, correct, explanation, vignette=None):
        if code in existing:
            return
        keys = [chr(ord("A") + n) for n in range(len(options))]
        create_question(
            content=QuestionContent(
                kind=kind,
                topic=topics[topic],
                difficulty=difficulty,
                stem=stem,
                options=[
                    {"key": k, "text": t, "feedback": ""}
                    for k, t in zip(keys, options, strict=True)
                ],
                correct=[keys[n] for n in correct],
                explanation=explanation,
                vignette=vignette,
                code=code,
            ),
            by=admin,
        )

    for entry in bank_data.QUESTIONS:
        add(*entry)
    for code, title, text, questions in bank_data.CASES:
        vignette, _ = Vignette.objects.get_or_create(
            code=code, defaults={"title": title, "text": text}
        )
        for q_code, topic, difficulty, stem, options, correct, explanation in questions:
            add(q_code, topic, difficulty, "case", stem, options, correct, explanation, vignette)


def _exam(program: TrainingProgram, admin: User) -> WrittenExam:
    exam = WrittenExam.objects.filter(program=program, is_active=True).first()
    if exam is not None:
        return exam
    topics = {t.code: t for t in Topic.objects.all()}
    return services.save_exam(
        exam=WrittenExam(
            program=program,
            title="Botulinum toxin injector certification: written exam",
            time_limit_minutes=40,
            pass_mark_percent=70,
            attempts_allowed=3,
            wait_hours_between_attempts=72,
            review=WrittenExam.Review.FULL,
        ),
        blueprint=[
            BlueprintRow(topic=topics[code], difficulty=difficulty, count=count)
            for code, difficulty, count in bank_data.BLUEPRINT
        ],
        by=admin,
    )


def _person(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_legal_name": name})
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    accounts_services.grant_role(user=user, role=Role.APPLICANT, by=None)
    return user


def _cohort(program: TrainingProgram, instructor: User) -> Cohort:
    today = timezone.localdate()
    cohort, created = Cohort.objects.get_or_create(
        program=program,
        name="Winter cohort",
        defaults={
            "starts_on": today - timedelta(days=90),
            "ends_on": today + timedelta(days=30),
            "location": "Los Angeles, CA",
            "capacity": 16,
        },
    )
    if created:
        cohort.instructors.add(instructor)
    return cohort


def _sit(exam: WrittenExam, candidate: User, ability: float, days_ago: int, rng) -> None:
    # The draw is random, so a first sitting meant to fail may pass; then there is no second.
    if Attempt.objects.filter(exam=exam, candidate=candidate, passed=True).exists():
        return
    attempt = services.start_attempt(exam=exam, candidate=candidate)
    answers = {}
    for item in AttemptItem.objects.filter(attempt=attempt).select_related("version"):
        chance = ability + DIFFICULTY_SHIFT[item.version.difficulty]
        if rng.random() < chance:
            keys = item.version.correct
        else:
            wrong = [k for k in item.option_order if k not in item.version.correct]
            keys = [rng.choice(wrong)]
        answers[item.position] = [item.option_order.index(k) for k in keys]
    services.save_answers(attempt=attempt, candidate=candidate, answers=answers)
    services.submit_attempt(attempt=attempt, by=candidate)
    started = timezone.now() - timedelta(days=days_ago, hours=2)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=started,
        deadline=started + timedelta(minutes=exam.time_limit_minutes),
        submitted_at=started + timedelta(minutes=rng.randint(18, 38)),
    )


@transaction.atomic
def seed() -> None:
    admin = User.objects.get(email="admin@demo.test")
    instructor = User.objects.get(email="instructor@demo.test")
    program = TrainingProgram.objects.get(accreditation_number=DEMO_PROGRAM)
    _bank(admin)
    exam = _exam(program, admin)
    cohort = _cohort(program, instructor)
    for n, (email, name, license_number, sittings) in enumerate(CANDIDATES):
        candidate = _person(email, name)
        qualify(candidate, license_number=license_number)
        enrollment = candidate.enrollments.filter(program=program).first()
        if enrollment is None:
            enrollment = program_services.apply_for_cohort(applicant=candidate, cohort=cohort)
        if not enrollment.module_completions.exists():
            for module in program.modules.all():
                program_services.record_module_completion(
                    enrollment=enrollment,
                    module=module,
                    instructor=instructor,
                    attended=True,
                    passed_assessment=True,
                    completed_on=timezone.localdate() - timedelta(days=40),
                )
        if Attempt.objects.filter(exam=exam, candidate=candidate).exists():
            continue
        rng = random.Random(n)  # noqa: S311 - demo answers, the same on every fresh seed
        for ability, days_ago in sittings:
            _sit(exam, candidate, ability, days_ago, rng)
