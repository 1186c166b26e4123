"""Demo data of the written exam: the bank of `exams/fixtures/demo_bank.json` (loaded by the
bank's importer), the demo program's written exam, and candidates with past attempts (some
passed, some failed, one ready to sit), so the item analysis has data to show.

Everything goes through the services; each attempt is started, answered and submitted on the
day it was sat (`accounts.demo.as_of`). Running it again changes nothing.
"""

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.demo import as_of, days_ago, demo_person
from accounts.models import User
from programs.demo import cohort, demo_program, enroll, record_modules

from ..models.written import Attempt, AttemptItem, BlueprintRow, Question, Topic, WrittenExam
from ..services import written as services
from ..services import written_setup
from ..services.written_import import import_bank

BANK = Path(__file__).resolve().parent.parent / "fixtures" / "demo_bank.json"
# topic code, difficulty ("" any), questions drawn: 25 of the 62
BLUEPRINT = [
    ("pharmacology", "", 5),
    ("anatomy", "", 5),
    ("assessment", "", 4),
    ("complications", "", 5),
    ("ethics", "", 4),
    ("aftercare", "", 2),
]

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
# The bank, the exam and the candidates' theory predate the first attempt (30 days ago).
SET_UP_DAYS_AGO = 45


def _bank(admin: User) -> None:
    raw = BANK.read_bytes()
    codes = {question["code"] for question in json.loads(raw)["questions"]}
    if Question.objects.filter(code__in=codes).count() < len(codes):
        import_bank(raw=raw, file_format="json", actor=admin)


def _exam(admin: User) -> WrittenExam:
    program = demo_program()
    exam = WrittenExam.objects.filter(program=program, is_active=True).first()
    if exam is not None:
        return exam
    topics = {t.code: t for t in Topic.objects.all()}
    return written_setup.save_exam(
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
            for code, difficulty, count in BLUEPRINT
        ],
        actor=admin,
    )


def sit_written(candidate: User, *, at: datetime, ability: float, rng) -> Attempt:
    """The candidate sits the demo program's exam at `at`: each answer right with the chance
    `ability` (shifted by the question's difficulty), submitted 18 to 38 minutes later."""
    exam = WrittenExam.objects.get(program=demo_program(), is_active=True)
    with as_of(at):
        attempt = services.start_attempt(exam=exam, candidate=candidate)
        answers = {}
        for item in AttemptItem.objects.filter(attempt=attempt).select_related("version"):
            if rng.random() < ability + DIFFICULTY_SHIFT[item.version.difficulty]:
                keys = item.version.correct
            else:
                wrong = [k for k in item.option_order if k not in item.version.correct]
                keys = [rng.choice(wrong)]
            answers[item.position] = [item.option_order.index(k) for k in keys]
        services.save_answers(attempt=attempt, actor=candidate, answers=answers)
    with as_of(at + timedelta(minutes=rng.randint(18, 38))):
        return services.submit_attempt(attempt=attempt, actor=candidate)


@transaction.atomic
def seed_written_exam() -> None:
    admin = User.objects.get(email="admin@demo.test")
    today = timezone.localdate()
    with as_of(days_ago(SET_UP_DAYS_AGO + 15)):
        _bank(admin)
        exam = _exam(admin)
        winter = cohort(
            demo_program(),
            "Winter cohort",
            starts_on=today - timedelta(days=90),
            capacity=16,
            location="Los Angeles, CA",
        )
    for n, (email, name, license_number, sittings) in enumerate(CANDIDATES):
        candidate = demo_person(email, name)
        if Attempt.objects.filter(exam=exam, candidate=candidate).exists():
            continue
        with as_of(days_ago(SET_UP_DAYS_AGO)):
            record_modules(enroll(candidate, winter, license_number))
        rng = random.Random(n)  # noqa: S311 - demo answers, the same on every fresh seed
        for ability, days in sittings:
            attempt = sit_written(candidate, at=days_ago(days), ability=ability, rng=rng)
            if attempt.passed:  # a first sitting meant to fail may pass: then no second
                break
