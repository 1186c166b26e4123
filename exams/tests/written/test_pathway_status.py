"""written_exam_status: what the pathway reads for step 4 (written part)."""

import pytest
from django.urls import reverse

from exams.selectors.written import written_exam_status
from exams.services.written import save_answers, start_attempt, submit_attempt
from programs.tests.factories import CohortFactory, EnrollmentFactory

from .conftest import answer_all
from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db


def test_it_is_locked_with_what_is_missing_until_theory_is_complete():
    exam = exam_with_bank(questions=2)
    enrollment = EnrollmentFactory(cohort=CohortFactory(program=exam.program))

    status = written_exam_status(enrollment.applicant, exam.program)

    assert not status.unlocked and not status.passed
    assert status.missing == [f"complete every theory module of {exam.program}"]


def test_it_is_unlocked_with_the_attempts_allowed_before_any_attempt():
    exam = exam_with_bank(questions=2, attempts_allowed=3)
    status = written_exam_status(candidate_for(exam), exam.program)

    assert status.unlocked and not status.passed
    assert (status.attempts_used, status.attempts_allowed) == (0, 3)
    assert status.best_score_percent is None
    assert status.missing == ["pass the written exam"]
    assert status.action_label == "Sit the written exam"
    assert status.action_url == reverse("exams:written_home")


def test_it_reports_a_pass_with_the_best_score():
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)
    attempt = start_attempt(exam=exam, candidate=candidate)
    save_answers(attempt=attempt, actor=candidate, answers=answer_all(attempt))
    submit_attempt(attempt=attempt, actor=candidate)

    status = written_exam_status(candidate, exam.program)

    assert status.passed and status.missing == []
    assert (status.attempts_used, status.best_score_percent) == (2, 100)


def test_a_program_without_an_exam_says_so():
    exam = exam_with_bank(questions=1)
    exam.is_active = False
    exam.save(update_fields=["is_active"])

    status = written_exam_status(candidate_for(exam), exam.program)

    assert not status.unlocked
    assert "has no written exam yet" in status.missing[0]


def test_it_takes_the_same_queries_for_1_or_10_attempts(django_assert_max_num_queries):
    exam = exam_with_bank(questions=1, attempts_allowed=20)
    candidate = candidate_for(exam)
    submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)
    with django_assert_max_num_queries(10) as one:
        written_exam_status(candidate, exam.program)
    queries_with_1 = len(one.captured_queries)
    for _ in range(9):
        submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)

    with django_assert_max_num_queries(queries_with_1):
        assert written_exam_status(candidate, exam.program).attempts_used == 10
