"""With several examiners the result waits for all, combines them, and flags disagreement."""

from decimal import Decimal

import pytest

from accounts import events
from accounts.models import AuditEntry
from exams.models import PracticalSitting

from .factories import rubric, sitting, submit

pytestmark = pytest.mark.django_db
Status = PracticalSitting.Status


@pytest.fixture
def completed_steps():
    """Records every step_completed call, as the certificate layer's listener would."""
    calls = []

    def listener(*, applicant, program):
        calls.append((applicant.pk, program.pk))

    events.on_step_completed(listener)
    yield calls
    events._listeners.remove(listener)


def test_it_waits_for_every_examiner(examiner, co_examiner):
    exam = sitting(examiners=[examiner, co_examiner])

    submit(exam, examiner, 4, 4, 4)

    exam.refresh_from_db()
    assert exam.status == Status.SCHEDULED
    assert exam.weighted_score is None


def test_it_combines_the_submitted_scores_by_their_mean(examiner, co_examiner, completed_steps):
    exam = sitting(rubric_=rubric(cut_score=Decimal("60")), examiners=[examiner, co_examiner])

    submit(exam, examiner, 4, 4, 4)  # 100
    submit(exam, co_examiner, 3, 4, 3)  # 100 * (1.5 + 1 + .75) / 4 = 81.25

    exam.refresh_from_db()
    assert exam.status == Status.PASSED
    assert exam.weighted_score == Decimal("90.63")  # 90.625, rounded half up
    assert completed_steps == [(exam.candidate_id, exam.program_id)]
    entry = AuditEntry.objects.get(action="sitting.result", target_id=str(exam.pk))
    assert (entry.from_state, entry.to_state) == (Status.SCHEDULED, Status.PASSED)


def test_it_flags_a_sitting_when_one_examiner_passes_and_one_fails(
    examiner, co_examiner, completed_steps
):
    exam = sitting(rubric_=rubric(cut_score=Decimal("60")), examiners=[examiner, co_examiner])

    submit(exam, examiner, 3, 3, 3)  # 75: pass
    submit(exam, co_examiner, 2, 2, 2)  # 50: fail

    exam.refresh_from_db()
    assert exam.status == Status.FLAGGED
    assert "disagree on pass or fail" in exam.flag_reason
    assert completed_steps == []


def test_it_flags_scores_further_apart_than_the_rubrics_threshold(examiner, co_examiner):
    exam = sitting(
        rubric_=rubric(cut_score=Decimal("50"), disagreement_threshold=Decimal("20")),
        examiners=[examiner, co_examiner],
    )

    submit(exam, examiner, 4, 4, 4)  # 100: pass
    submit(exam, co_examiner, 2, 3, 3)  # 62.5: pass too, but 37.5 points apart

    exam.refresh_from_db()
    assert exam.status == Status.FLAGGED
    assert "37.50 points apart" in exam.flag_reason


def test_scores_within_the_threshold_are_not_flagged(examiner, co_examiner):
    exam = sitting(
        rubric_=rubric(cut_score=Decimal("50"), disagreement_threshold=Decimal("40")),
        examiners=[examiner, co_examiner],
    )

    submit(exam, examiner, 4, 4, 4)
    submit(exam, co_examiner, 2, 3, 3)

    exam.refresh_from_db()
    assert exam.status == Status.PASSED
