"""The server keeps the time: answers after the deadline are refused and the attempt is
submitted by whichever path gets there first (page, autosave, list, deadline task, sweep)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEntry
from exams.models import Attempt
from exams.services.written import start_attempt, submit_overdue_attempts
from exams.tasks import submit_overdue_written_attempts, submit_written_attempt_at_deadline

from .conftest import answer_all
from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sitting(client, clock):
    exam = exam_with_bank(questions=3, time_limit_minutes=30)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)
    return attempt


def autosave(client, attempt, position, choice):
    return client.post(
        reverse("exams:written_autosave", args=[attempt.pk]),
        {"position": str(position), "choice": str(choice)},
    )


def test_the_deadline_is_the_start_plus_the_time_limit(sitting):
    assert sitting.started_at == START
    assert sitting.deadline == START + timedelta(minutes=30)


def test_an_answer_a_second_before_the_deadline_is_saved(client, clock, sitting):
    clock.move_to(sitting.deadline - timedelta(seconds=1))

    response = autosave(client, sitting, 1, 0)

    assert response.status_code == 200
    assert response.json()["seconds_left"] == 1


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_submitted(client, clock, sitting):
    answers = answer_all(sitting)
    autosave(client, sitting, 1, answers[1][0])
    clock.move_to(sitting.deadline + timedelta(seconds=1))

    response = autosave(client, sitting, 2, answers[2][0])

    assert response.status_code == 409
    assert response.json()["result_url"] == reverse("exams:written_result", args=[sitting.pk])
    sitting.refresh_from_db()
    assert sitting.status == Attempt.Status.SUBMITTED
    assert sitting.submission == Attempt.Submission.TIME_UP
    assert sitting.submitted_at == sitting.deadline
    assert sitting.items.get(position=2).selected == []
    assert sitting.score_points == 1  # the answer saved in time counts


def test_the_no_javascript_post_after_the_deadline_saves_nothing(client, clock, sitting):
    clock.move_to(sitting.deadline + timedelta(minutes=5))

    response = client.post(
        reverse("exams:written_attempt", args=[sitting.pk]),
        {"shown": ["1"], "item-1": "0", "action": "submit", "confirmed": "1"},
        follow=True,
    )

    assert "Time is up" in response.content.decode()
    assert sitting.items.get(position=1).selected == []
    sitting.refresh_from_db()
    assert sitting.submission == Attempt.Submission.TIME_UP


def test_opening_the_page_after_the_deadline_submits_the_attempt(client, clock, sitting):
    clock.move_to(sitting.deadline)

    response = client.get(reverse("exams:written_attempt", args=[sitting.pk]))

    assert response.url == reverse("exams:written_result", args=[sitting.pk])
    sitting.refresh_from_db()
    assert sitting.status == Attempt.Status.SUBMITTED


def test_opening_the_exam_list_after_the_deadline_submits_the_attempt(client, clock, sitting):
    clock.move_to(sitting.deadline + timedelta(hours=3))

    html = client.get(reverse("exams:written_home")).content.decode()

    sitting.refresh_from_db()
    assert sitting.status == Attempt.Status.SUBMITTED
    assert f'data-attempt="{sitting.pk}"' in html
    assert "In progress" not in html


def test_the_deadline_task_submits_at_the_deadline_and_not_before(clock, sitting):
    clock.move_to(sitting.deadline - timedelta(seconds=1))
    assert submit_written_attempt_at_deadline.delay(sitting.pk).get() is False
    sitting.refresh_from_db()
    assert sitting.status == Attempt.Status.OPEN

    clock.move_to(sitting.deadline)
    assert submit_written_attempt_at_deadline.delay(sitting.pk).get() is True
    sitting.refresh_from_db()
    assert sitting.status == Attempt.Status.SUBMITTED


def test_the_start_queues_the_deadline_task_for_the_deadline(
    clock, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        submit_written_attempt_at_deadline,
        "apply_async",
        lambda args=None, kwargs=None, eta=None: queued.append((args, eta)),
    )
    exam = exam_with_bank(questions=2, time_limit_minutes=45)
    candidate = candidate_for(exam)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        attempt = start_attempt(exam=exam, candidate=candidate)
        assert queued == []  # not before the commit: the worker must find the attempt

    assert len(callbacks) == 1
    assert queued == [([attempt.pk], START + timedelta(minutes=45))]


def test_the_sweep_submits_every_overdue_attempt_and_only_those(clock, sitting):
    other_exam = exam_with_bank(questions=2, time_limit_minutes=90)
    later = start_attempt(exam=other_exam, candidate=candidate_for(other_exam))
    clock.move_to(START + timedelta(minutes=31))

    assert submit_overdue_written_attempts.delay().get() == 1

    sitting.refresh_from_db()
    later.refresh_from_db()
    assert sitting.status == Attempt.Status.SUBMITTED
    assert later.status == Attempt.Status.OPEN


def test_it_is_submitted_once_whichever_path_comes_first(client, clock, sitting):
    clock.move_to(sitting.deadline + timedelta(seconds=5))

    client.get(reverse("exams:written_attempt", args=[sitting.pk]))
    assert submit_written_attempt_at_deadline.delay(sitting.pk).get() is False
    assert submit_overdue_attempts() == 0
    assert autosave(client, sitting, 1, 0).status_code == 409

    assert AuditEntry.objects.filter(action="written_attempt.submitted").count() == 1
