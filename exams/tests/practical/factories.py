"""Factories of the practical exam: a small rubric whose figures are easy to compute by hand,
sittings made directly (the scheduling gate has its own tests), and submitted forms."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.models import ExaminerAssignment, GlobalRating, PracticalSitting, Rubric
from exams.services import practical as services
from exams.services.practical import CriterionData, ScoreInput
from programs.tests.factories import ProgramFactory

ANCHORS = ["Unsafe", "Poor", "Adequate", "Good", "Excellent"]


def small_criteria() -> list[CriterionData]:
    """Three 0-4 criteria of weights 2, 1, 1; the first is critical with pass level 2.

    Weighted score = 100 * (2*a/4 + b/4 + c/4) / 4; all 4s = 100, all 2s = 50."""
    return [
        CriterionData(
            section="injection_technique",
            text="Needle depth and angle",
            weight=Decimal(2),
            anchors=ANCHORS,
            is_critical=True,
            critical_pass_level=2,
        ),
        CriterionData(
            section="consultation_consent",
            text="Informed consent",
            weight=Decimal(1),
            anchors=ANCHORS,
        ),
        CriterionData(
            section="communication", text="Explains aftercare", weight=Decimal(1), anchors=ANCHORS
        ),
    ]


def rubric(program=None, **fields) -> Rubric:
    made = services.create_rubric(
        program=program or ProgramFactory(),
        name=fields.pop("name", "Practical exam rubric"),
        criteria=fields.pop("criteria", None) or small_criteria(),
        actor=UserFactory(roles=[Role.PROGRAM_ADMIN]),
    )
    if fields:
        Rubric.objects.filter(pk=made.pk).update(**fields)
        made.refresh_from_db()
    return made


def examiner_user(**fields):
    return UserFactory(roles=[Role.EXAMINER], **fields)


# Two hours apart, at most four days back: a count that kept growing over a long test process
# pushed later tests' sittings weeks into the past (before a lapse, a window, an enrollment).
_hour = itertools.cycle(range(48))


def sitting(
    *, rubric_=None, candidate=None, examiners=(), starts_at=None, id_checked=None, **fields
) -> PracticalSitting:
    """A scheduled sitting made directly (no hands-on gate) with `examiners` assigned.

    By default it is under way (started a few minutes ago, each call two hours earlier than the
    last, up to four days back, so the sittings of one test never overlap) and the candidate's ID
    is checked: scoring is open.
    Given a `starts_at`, the ID is checked only if `id_checked`."""
    rubric_ = rubric_ or rubric()
    if id_checked is None:
        id_checked = starts_at is None
    if id_checked:
        fields.setdefault("id_checked_at", timezone.now())
        fields.setdefault("id_document_type", PracticalSitting.IdDocument.PASSPORT)
        fields.setdefault("id_number_last_four", "4321")
    made = PracticalSitting.objects.create(
        candidate=candidate or UserFactory(),
        program=rubric_.program,
        rubric_version=rubric_.versions.order_by("-number").first(),
        starts_at=starts_at or timezone.now() - timedelta(minutes=5, hours=2 * next(_hour)),
        duration_minutes=fields.pop("duration_minutes", 60),
        place=fields.pop("place", "Clinic room 2"),
        **fields,
    )
    for examiner in examiners:
        ExaminerAssignment.objects.create(sitting=made, examiner=examiner)
    return made


def criteria_of(sitting_: PracticalSitting):
    return list(sitting_.rubric_version.criteria.order_by("position"))


def scores(sitting_: PracticalSitting, *values, comments=None) -> dict[int, ScoreInput]:
    """ScoreInputs for the criteria in order; a comment everywhere unless `comments` given."""
    criteria = criteria_of(sitting_)
    comments = comments or ["Observed."] * len(criteria)
    rows = zip(criteria, values, comments, strict=True)
    return {criterion.pk: ScoreInput(value, comment) for criterion, value, comment in rows}


def form_of(sitting_: PracticalSitting, examiner) -> ExaminerAssignment:
    return ExaminerAssignment.objects.get(sitting=sitting_, examiner=examiner)


def submit(sitting_: PracticalSitting, examiner, *values, rating=GlobalRating.CLEAR_PASS):
    return services.submit_scores(
        assignment=form_of(sitting_, examiner),
        actor=examiner,
        scores=scores(sitting_, *values),
        global_rating=rating,
        overall_comment="Well prepared.",
    )


def form_data(sitting_: PracticalSitting, *values, action="submit", rating="clear_pass", **extra):
    """What an examiner posts: one score and comment per criterion, in order."""
    data = {"action": action, "global_rating": rating, "overall_comment": "Overall fine."}
    data["confirmed"] = "1"  # past the "Submit and lock" confirmation (see test_score_confirm)
    for criterion, value in zip(criteria_of(sitting_), values, strict=True):
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterion.pk}"] = "Seen."
    data.update(extra)
    return data
