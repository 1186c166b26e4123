"""The pass rule: every critical item passed and the weighted score at or above the cut."""

from decimal import Decimal

import pytest

from exams.models import PracticalSitting

from .factories import rubric, sitting, submit

pytestmark = pytest.mark.django_db
Status = PracticalSitting.Status


def test_it_computes_the_weighted_score_as_a_percentage(examiner):
    exam = sitting(examiners=[examiner])

    form = submit(exam, examiner, 4, 2, 0)

    # 100 * (2*4/4 + 2/4 + 0/4) / 4 = 62.5
    assert form.weighted_score == Decimal("62.50")


def test_it_passes_at_exactly_the_cut(examiner):
    exam = sitting(rubric_=rubric(cut_score=Decimal("62.50")), examiners=[examiner])

    submit(exam, examiner, 4, 2, 0)

    exam.refresh_from_db()
    assert exam.status == Status.PASSED
    assert exam.cut_score == Decimal("62.50")


def test_it_fails_below_the_cut(examiner):
    exam = sitting(rubric_=rubric(cut_score=Decimal("62.51")), examiners=[examiner])

    submit(exam, examiner, 4, 2, 0)

    exam.refresh_from_db()
    assert exam.status == Status.FAILED


def test_a_failed_critical_item_fails_the_sitting_whatever_the_total(examiner):
    exam = sitting(rubric_=rubric(cut_score=Decimal("10")), examiners=[examiner])

    submit(exam, examiner, 1, 4, 4)  # 62.5%, but the critical item is below its pass level 2

    exam.refresh_from_db()
    assert exam.weighted_score == Decimal("62.50")
    assert exam.status == Status.FAILED
    assert exam.critical_failed == ["Needle depth and angle"]


def test_a_critical_item_is_judged_on_the_examiners_mean(examiner, co_examiner):
    # 1 and 3 make 2, which reaches the pass level 2: passed, though one examiner failed it.
    # Their verdicts differ, so the sitting is flagged; the combined figures are still stored.
    exam = sitting(rubric_=rubric(cut_score=Decimal("40")), examiners=[examiner, co_examiner])

    submit(exam, examiner, 1, 4, 4)
    submit(exam, co_examiner, 3, 4, 4)

    exam.refresh_from_db()
    assert exam.critical_failed == []
    assert exam.weighted_score == Decimal("75.00")  # mean of 62.5 and 87.5
