"""Hostile values on the written exam's pages answer 400 or a message, never a server error:
unicode digits that str.isdigit() accepts and int() refuses, and integers past SQLite's 2^63."""

import pytest
from django.urls import reverse

from exams.models import AttemptItem
from exams.services.written import start_attempt

from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db

HOSTILE_POSITIONS = ["²", "٣", str(2**63), str(2**64 + 1), "-1", "1\x00", "9" * 5000, ""]


@pytest.fixture
def sitting(client):
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)
    return attempt


@pytest.mark.parametrize("position", HOSTILE_POSITIONS)
def test_autosave_refuses_a_position_that_is_not_a_plain_number(client, sitting, position):
    response = client.post(
        reverse("exams:written_autosave", args=[sitting.pk]), {"position": position, "choice": "0"}
    )

    assert response.status_code == 400
    assert not AttemptItem.objects.filter(attempt=sitting).exclude(selected=[]).exists()


@pytest.mark.parametrize("shown", HOSTILE_POSITIONS)
def test_the_attempt_page_refuses_a_shown_value_that_is_not_a_plain_number(client, sitting, shown):
    url = reverse("exams:written_attempt", args=[sitting.pk])

    response = client.post(url, {"shown": ["1", shown], "item-1": "0"}, follow=True)

    assert response.status_code == 200
    assert "reload the page" in response.content.decode()
    assert not AttemptItem.objects.filter(attempt=sitting).exclude(selected=[]).exists()


@pytest.mark.parametrize("choice", ["²", str(2**63), "x", "\x00"])
def test_autosave_refuses_a_choice_that_is_not_a_plain_number(client, sitting, choice):
    response = client.post(
        reverse("exams:written_autosave", args=[sitting.pk]), {"position": "1", "choice": choice}
    )

    assert response.status_code == 400
    assert sitting.items.get(position=1).selected == []


def test_starting_an_attempt_with_the_broker_down_still_opens_the_exam(
    client, django_capture_on_commit_callbacks
):
    """The deadline task cannot be queued; the page answers and beat's overdue sweep covers it."""
    from certification.celery import app
    from exams.models import Attempt

    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    client.force_login(candidate)
    saved = app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool
    # Nothing listens on port 1. An address of this test's own: kombu keeps a producer pool per
    # address in a global registry, and another test closes the one of redis://127.0.0.1:1/0.
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:1/3"
    app._pool = app.amqp._producer_pool = None
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("exams:written_start", args=[exam.pk]), {"confirmed": "1"}
            )
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool = saved

    assert response.status_code == 302
    assert Attempt.objects.filter(candidate=candidate, status=Attempt.Status.OPEN).exists()
