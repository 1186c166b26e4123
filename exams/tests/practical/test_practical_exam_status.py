"""The pathway's answer for the practical exam (`practical_exam_status`)."""

from decimal import Decimal

import pytest

from exams.selectors.practical import practical_exam_status
from programs.tests.factories import (
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

from .factories import rubric, sitting, submit

pytestmark = pytest.mark.django_db


def test_it_is_locked_until_the_hands_on_minimums_are_met():
    program = program_with_hands_on()
    candidate = trainee_in(program).applicant

    status = practical_exam_status(candidate, program)

    assert not status.unlocked and not status.passed
    assert status.missing and status.action_url == "/practical/"


def test_it_unlocks_with_the_minimums_and_waits_for_a_sitting():
    program = program_with_hands_on()
    candidate = trainee_with_hands_on_complete(program).applicant

    status = practical_exam_status(candidate, program)

    assert status.unlocked and not status.passed and status.scheduled_at is None
    assert status.missing == ["a program admin schedules your practical exam"]


def test_it_reports_a_scheduled_sitting():
    program = program_with_hands_on()
    candidate = trainee_with_hands_on_complete(program).applicant
    exam = sitting(rubric_=rubric(program=program), candidate=candidate)

    status = practical_exam_status(candidate, program)

    assert status.scheduled_at == exam.starts_at and not status.final


def test_it_is_passed_once_a_sitting_is_final_and_passed(examiner):
    program = program_with_hands_on()
    candidate = trainee_with_hands_on_complete(program).applicant
    exam = sitting(
        rubric_=rubric(program=program, cut_score=Decimal("50")),
        candidate=candidate,
        examiners=[examiner],
    )
    submit(exam, examiner, 4, 4, 4)

    status = practical_exam_status(candidate, program)

    assert status.passed and status.final and status.missing == []


def test_a_failed_sitting_is_final_but_not_passed(examiner):
    program = program_with_hands_on()
    candidate = trainee_with_hands_on_complete(program).applicant
    exam = sitting(
        rubric_=rubric(program=program, cut_score=Decimal("90")),
        candidate=candidate,
        examiners=[examiner],
    )
    submit(exam, examiner, 3, 3, 3)

    status = practical_exam_status(candidate, program)

    assert status.final and not status.passed


def test_it_reads_in_a_fixed_number_of_queries(django_assert_max_num_queries, examiner):
    program = program_with_hands_on()
    candidate = trainee_with_hands_on_complete(program).applicant
    with django_assert_max_num_queries(12) as few:
        practical_exam_status(candidate, program)
    baseline = len(few.captured_queries)
    exam_rubric = rubric(program=program, cut_score=Decimal("90"))
    for _ in range(5):
        submit(
            sitting(rubric_=exam_rubric, candidate=candidate, examiners=[examiner]),
            examiner,
            3,
            3,
            3,
        )

    # One more, whatever the number of sittings: once a round of attempts is used up, the resit
    # policy reads the hands-on sessions logged since the last failure.
    with django_assert_max_num_queries(baseline + 1):
        practical_exam_status(candidate, program)
