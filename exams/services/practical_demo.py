"""Demo data of the practical exam (called by `exams.demo.seed_practical_exam`).

A realistic rubric for the demo program, a second demo examiner, an upcoming sitting for
examiner@demo.test to score, and finished sittings scored by both examiners for the reports
(one of them flagged, waiting for an admin's decision). Running it again changes nothing.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts import services as accounts_services
from accounts.demo import DEMO_PASSWORD
from accounts.errors import DomainError
from accounts.models import User
from accounts.roles import Role
from programs.models import Cohort, Enrollment, TrainingProgram

from ..models.practical import (
    ExaminerAssignment,
    GlobalRating,
    PracticalSitting,
    Rubric,
    weighted_score,
)
from . import practical as services
from .practical import CriterionData, ScoreInput

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

# Finished sittings: candidate, days ago, each examiner's level per criterion (0-4, cycled over
# the criteria); the second examiner is a little stricter.
FINISHED = [
    ("lena.hoffmann@demo.test", "Lena Hoffmann", 40, [4, 3, 4, 4, 3], [4, 3, 3, 4, 3]),
    ("omar.haddad@demo.test", "Omar Haddad", 35, [3, 3, 2, 3, 3], [3, 2, 3, 3, 2]),
    ("yuki.tanaka@demo.test", "Yuki Tanaka", 28, [2, 2, 1, 2, 2], [2, 1, 1, 2, 2]),
    ("carlos.mendes@demo.test", "Carlos Mendes", 21, [4, 4, 3, 4, 4], [4, 3, 3, 4, 3]),
    ("aisha.bello@demo.test", "Aisha Bello", 14, [3, 3, 3, 2, 3], [3, 3, 2, 3, 3]),
    ("ben.carter@demo.test", "Ben Carter", 10, [2, 3, 2, 3, 2], [2, 2, 2, 3, 2]),
    # The examiners disagree here: flagged for the admin's decision.
    ("nina.kowalski@demo.test", "Nina Kowalski", 7, [3, 3, 2, 3, 3], [2, 2, 2, 2, 1]),
]
UPCOMING_PAIR = ("tom.reilly@demo.test", "Tom Reilly")


def _demo_person(email: str, name: str, role: Role) -> User:
    """Made like accounts.demo makes its people: known password, verified e-mail, the role."""
    user, created = User.objects.get_or_create(email=email, defaults={"full_legal_name": name})
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    accounts_services.grant_role(user=user, role=role, by=None)
    return user


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


def _score(sitting: PracticalSitting, examiner: User, levels: list[int]) -> None:
    scores = _scores(sitting, levels)
    criteria = list(sitting.rubric_version.criteria.all())
    percent = weighted_score(criteria, {pk: s.score for pk, s in scores.items()})
    services.submit_scores(
        assignment=ExaminerAssignment.objects.get(sitting=sitting, examiner=examiner),
        by=examiner,
        scores=scores,
        global_rating=_rating(percent),
        overall_comment="Solid preparation." if percent >= 65 else "Review technique and dosing.",
    )


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _candidate(email: str, name: str, cohort: Cohort) -> User:
    user = _demo_person(email, name, Role.APPLICANT)
    # Candidates of past sittings have finished their training: completed enrollments, made
    # directly (they hold no seat in the running cohort).
    Enrollment.objects.get_or_create(
        applicant=user,
        cohort=cohort,
        defaults={
            "program": cohort.program,
            "status": Enrollment.Status.COMPLETED,
            "decided_at": timezone.now(),
        },
    )
    return user


def _direct_sitting(candidate, rubric, starts_at, examiners) -> PracticalSitting:
    """A sitting made directly with its examiners: the scheduling service refuses past dates and
    candidates without logged hands-on sessions, which these demo candidates do not have."""
    sitting = PracticalSitting.objects.create(
        candidate=candidate,
        program=rubric.program,
        rubric_version=rubric.versions.order_by("-number").first(),
        starts_at=starts_at,
        duration_minutes=60,
        place="Pacific Institute, clinic room 2",
        # These demo sittings are in the past and scored: the ID was checked at the sitting.
        id_checked_at=starts_at,
        id_checked_by=examiners[0] if examiners else None,
        id_document_type=PracticalSitting.IdDocument.PASSPORT,
        id_number_last_four="0000",
    )
    for examiner in examiners:
        ExaminerAssignment.objects.create(sitting=sitting, examiner=examiner)
    return sitting


@transaction.atomic
def seed() -> None:
    program = TrainingProgram.objects.get(accreditation_number="CAE-2026-0142")
    admin = User.objects.get(email="admin@demo.test")
    examiner = User.objects.get(email="examiner@demo.test")
    examiner2 = _demo_person(*SECOND_EXAMINER, Role.EXAMINER)
    cohort = program.cohorts.order_by("starts_on").first()

    rubric = Rubric.objects.filter(program=program, name=RUBRIC_NAME).first()
    if rubric is None:
        rubric = services.create_rubric(
            program=program, name=RUBRIC_NAME, criteria=CRITERIA, by=admin
        )
        services.set_cut_score(
            rubric=rubric,
            cut_score=Decimal("60"),
            disagreement_threshold=Decimal("20"),
            reason="Initial standard set by the examination board.",
            by=admin,
        )

    for email, name, days_ago, first_levels, second_levels in FINISHED:
        candidate = _candidate(email, name, cohort)
        if candidate.practical_sittings.exists():
            continue
        sitting = _direct_sitting(
            candidate, rubric, _at(-days_ago, 10), examiners=[examiner, examiner2]
        )
        _score(sitting, examiner, first_levels)
        _score(sitting, examiner2, second_levels)

    # Upcoming: Daniel (ready@demo.test) has met the hands-on minimums, so his sitting goes
    # through the scheduling service; examiner@demo.test scores it alone.
    daniel = User.objects.filter(email="ready@demo.test").first()
    if daniel is not None and not daniel.practical_sittings.exists():
        try:
            sitting = services.schedule_sitting(
                candidate=daniel,
                rubric=rubric,
                starts_at=_at(2, 10),
                duration_minutes=60,
                place="Pacific Institute, clinic room 2",
                by=admin,
            )
        except DomainError:
            sitting = _direct_sitting(daniel, rubric, _at(2, 10), examiners=[])
        services.assign_examiner(sitting=sitting, examiner=examiner, by=admin)

    # Upcoming, with both examiners: the result waits for the two forms.
    tom = _candidate(*UPCOMING_PAIR, cohort)
    if not tom.practical_sittings.exists():
        _direct_sitting(tom, rubric, _at(3, 14), examiners=[examiner, examiner2])
