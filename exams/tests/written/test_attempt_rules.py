"""Attempts allowed and the wait between attempts, as the exam's settings say."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.errors import DomainError
from exams.models import Attempt
from exams.services.written import save_answers, start_attempt, submit_attempt

from .conftest import answer_all
from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db


def sit_and_fail(exam, candidate):
    attempt = start_attempt(exam=exam, candidate=candidate)
    return submit_attempt(attempt=attempt, actor=candidate)


def test_it_refuses_more_attempts_than_allowed(client):
    exam = exam_with_bank(questions=2, attempts_allowed=2)
    candidate = candidate_for(exam)
    sit_and_fail(exam, candidate)
    sit_and_fail(exam, candidate)

    with pytest.raises(DomainError, match="All 2 attempts have been used"):
        start_attempt(exam=exam, candidate=candidate)

    client.force_login(candidate)
    html = client.get(reverse("exams:written_home")).content.decode()
    assert 'data-state="exhausted"' in html


def test_it_refuses_a_new_attempt_before_the_wait_is_over():
    exam = exam_with_bank(questions=2, wait_hours_between_attempts=48)
    candidate = candidate_for(exam)
    with time_machine.travel(datetime(2026, 5, 1, 10, 0, tzinfo=UTC), tick=False) as clock:
        sit_and_fail(exam, candidate)
        clock.move_to(datetime(2026, 5, 3, 9, 59, tzinfo=UTC))
        with pytest.raises(DomainError, match="next attempt from"):
            start_attempt(exam=exam, candidate=candidate)

        clock.move_to(datetime(2026, 5, 3, 10, 0, tzinfo=UTC))
        assert start_attempt(exam=exam, candidate=candidate).number == 2


def test_there_is_no_attempt_after_a_pass():
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    save_answers(attempt=attempt, actor=candidate, answers=answer_all(attempt))
    submit_attempt(attempt=attempt, actor=candidate)

    with pytest.raises(DomainError, match="passed this exam already"):
        start_attempt(exam=exam, candidate=candidate)

    assert Attempt.objects.count() == 1


def test_the_attempts_are_numbered_per_candidate():
    exam = exam_with_bank(questions=2)
    one, two = candidate_for(exam), candidate_for(exam)

    assert sit_and_fail(exam, one).number == 1
    assert sit_and_fail(exam, two).number == 1
    assert sit_and_fail(exam, one).number == 2
