"""Demo data of the practical exam: a realistic rubric for the demo program, a second demo
examiner, upcoming sittings for the examiners to score, and finished sittings scored by both
examiners for the reports (one of them flagged, waiting for an admin's decision).

Every candidate got there through the services: qualified, enrolled, theory recorded, hands-on
sessions logged and verified, then the sitting scheduled by the demo admin and scored by its
examiners. A finished sitting is scheduled two days before it took place and scored an hour
after it began, each at that moment (`accounts.demo.as_of`). Running it again changes nothing.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import as_of, days_ago, demo_person
from accounts.models import User
from accounts.roles import Role
from programs.demo import cohort, demo_program, train
from programs.models import Cohort

from ..models.practical import (
    ExaminerAssignment,
    GlobalRating,
    PracticalSitting,
    Rubric,
    weighted_score,
)
from ..services import practical as services
from ..services.practical import CriterionData, ScoreInput
from ..services.practical.examday import record_identity_check

RUBRIC_NAME = "Botulinum toxin practical examination"
SCALE = [
    "Not done or unsafe",
    "Major omissions",
    "Adequate with prompting",
    "Competent",
    "Excellent, independent",
]


def _c(section, text, weight, critical_at=None) -> CriterionData:
    return CriterionData(
        section=section,
        text=text,
        weight=Decimal(weight),
        anchors=SCALE,
        is_critical=critical_at is not None,
        critical_pass_level=critical_at,
    )


CRITERIA = [
    _c("consultation_consent", "Takes a focused medical and aesthetic history", "1"),
    _c("consultation_consent", "Screens contraindications and obtains informed consent", "2", 2),
    _c("consultation_consent", "Sets realistic expectations with the patient", "1"),
    _c("injection_technique", "Aseptic technique and safe needle handling", "2", 2),
    _c("injection_technique", "Identifies landmarks and marks injection points", "1.5"),
    _c("injection_technique", "Correct needle depth, angle and placement", "2"),
    _c("precision_dosing", "Reconstitutes and draws up the product accurately", "1.5"),
    _c("precision_dosing", "Doses each point according to the treatment plan", "1.5", 2),
    _c("post_treatment_care", "Gives clear aftercare instructions", "1"),
    _c("post_treatment_care", "Documents product, lot, doses and sites", "1"),
    _c("communication", "Explains each step and checks comfort", "1"),
    _c("communication", "Professional manner with patient and team", "0.5"),
    _c("complication_management", "Recognises and manages an adverse event scenario", "2"),
]

SECOND_EXAMINER = ("examiner2@demo.test", "Dr. Amara Osei")
PLACE = "Pacific Institute, clinic room 2"

# Finished sittings: e-mail, name, license number, days ago, each examiner's level per criterion
# (0-4, cycled over the criteria); the second examiner is a little stricter.
FINISHED = [
    ("lena.hoffmann@demo.test", "Lena Hoffmann", "A-420301", 40, [4, 3, 4, 4, 3], [4, 3, 3, 4, 3]),
    ("omar.haddad@demo.test", "Omar Haddad", "A-420302", 35, [3, 3, 2, 3, 3], [3, 2, 3, 3, 2]),
    ("yuki.tanaka@demo.test", "Yuki Tanaka", "A-420303", 28, [2, 2, 1, 2, 2], [2, 1, 1, 2, 2]),
    ("carlos.mendes@demo.test", "Carlos Mendes", "A-420304", 21, [4, 4, 3, 4, 4], [4, 3, 3, 4, 3]),
    ("aisha.bello@demo.test", "Aisha Bello", "A-420305", 14, [3, 3, 3, 2, 3], [3, 3, 2, 3, 3]),
    ("ben.carter@demo.test", "Ben Carter", "A-420306", 10, [2, 3, 2, 3, 2], [2, 2, 2, 3, 2]),
    # The examiners disagree here: flagged for the admin's decision.
    ("nina.kowalski@demo.test", "Nina Kowalski", "A-420307", 7, [3, 3, 2, 3, 3], [2, 2, 2, 2, 1]),
]
UPCOMING_PAIR = ("tom.reilly@demo.test", "Tom Reilly", "A-420308")
# The cohort of the practical exam's candidates (and of the certificate holders): it started
# long enough ago for the earliest finished sitting to follow a month of practice.
COHORT = "Summer cohort"


def _rating(percent: Decimal) -> str:
    if percent < 45:
        return GlobalRating.CLEAR_FAIL
    if percent < 62:
        return GlobalRating.BORDERLINE
    return GlobalRating.CLEAR_PASS


def _scores(sitting: PracticalSitting, levels: list[int]) -> dict[int, ScoreInput]:
    criteria = list(sitting.rubric_version.criteria.order_by("position"))
    scores = {}
    for index, criterion in enumerate(criteria):
        level = max(criterion.scale_min, min(criterion.scale_max, levels[index % len(levels)]))
        comment = "" if level >= 3 else f"{criterion.anchor(level)}; discussed at debrief."
        scores[criterion.pk] = ScoreInput(level, comment)
    return scores


def score_sitting(sitting: PracticalSitting, examiner: User, levels: list[int]) -> None:
    """The examiner fills in and submits their form (call it once the sitting has begun)."""
    scores = _scores(sitting, levels)
    criteria = list(sitting.rubric_version.criteria.all())
    percent = weighted_score(criteria, {pk: s.score for pk, s in scores.items()})
    services.submit_scores(
        assignment=ExaminerAssignment.objects.get(sitting=sitting, examiner=examiner),
        actor=examiner,
        scores=scores,
        global_rating=_rating(percent),
        overall_comment="Solid preparation." if percent >= 65 else "Review technique and dosing.",
    )


def _schedule(candidate: User, rubric: Rubric, starts_at: datetime, examiners) -> PracticalSitting:
    admin = User.objects.get(email="admin@demo.test")
    sitting = services.schedule_sitting(
        candidate=candidate,
        rubric=rubric,
        starts_at=starts_at,
        duration_minutes=60,
        place=PLACE,
        actor=admin,
    )
    for examiner in examiners:
        services.assign_examiner(sitting=sitting, examiner=examiner, actor=admin)
    return sitting


def sit_practical(candidate: User, *, at: datetime, scores: dict[User, list[int]]) -> None:
    """A sitting at `at` (in the past) on the demo program's rubric: scheduled two days before
    by the demo admin, then each examiner's form submitted an hour after it began."""
    rubric = Rubric.objects.filter(program=demo_program(), name=RUBRIC_NAME).get()
    with as_of(at - timedelta(days=2)):
        sitting = _schedule(candidate, rubric, at, examiners=list(scores))
    with as_of(at + timedelta(hours=1)):
        _check_identity(sitting, examiner=next(iter(scores)))
        for examiner, levels in scores.items():
            score_sitting(sitting, examiner, levels)


def _check_identity(sitting: PracticalSitting, *, examiner: User) -> None:
    """The examiner checks the candidate's photo ID, which opens the score form."""
    record_identity_check(
        sitting=sitting,
        actor=examiner,
        document_type="passport",
        last_four="4821",
        name_matches=True,
    )


def practical_cohort() -> Cohort:
    return Cohort.objects.get(program=demo_program(), name=COHORT)


def _rubric(admin: User) -> Rubric:
    program = demo_program()
    rubric = Rubric.objects.filter(program=program, name=RUBRIC_NAME).first()
    if rubric is not None:
        return rubric
    rubric = services.create_rubric(
        program=program, name=RUBRIC_NAME, criteria=CRITERIA, actor=admin
    )
    return services.set_cut_score(
        rubric=rubric,
        cut_score=Decimal("60"),
        disagreement_threshold=Decimal("20"),
        reason="Initial standard set by the examination board.",
        actor=admin,
    )


@transaction.atomic
def seed_practical_exam() -> None:
    admin = User.objects.get(email="admin@demo.test")
    examiner = User.objects.get(email="examiner@demo.test")
    examiner2 = demo_person(*SECOND_EXAMINER, roles=(Role.EXAMINER,))
    # Four months ago: room for a month of practice before the earliest finished sitting.
    starts_on = timezone.localdate() - timedelta(days=120)
    with as_of(days_ago(130)):
        rubric = _rubric(admin)
        summer = cohort(
            demo_program(), COHORT, starts_on=starts_on, capacity=16, location="Oakland, CA"
        )

    for email, name, license_number, days, first, second in FINISHED:
        candidate = demo_person(email, name)
        if candidate.practical_sittings.exists():
            continue
        # Trained in the twelve days before the sitting was booked, and done with the program.
        with as_of(days_ago(days + 2, hour=9)):
            train(candidate, summer, license_number, complete=True)
        sit_practical(candidate, at=days_ago(days), scores={examiner: first, examiner2: second})

    # Upcoming: Daniel (ready@demo.test) has met the hands-on minimums; examiner@demo.test
    # scores his sitting alone.
    daniel = User.objects.get(email="ready@demo.test")
    if not daniel.practical_sittings.exists():
        _schedule(daniel, rubric, days_ago(-2), examiners=[examiner])

    # Upcoming, with both examiners: the result waits for the two forms.
    email, name, license_number = UPCOMING_PAIR
    tom = demo_person(email, name)
    if not tom.practical_sittings.exists():
        train(tom, summer, license_number)
        _schedule(tom, rubric, days_ago(-3, hour=14), examiners=[examiner, examiner2])
