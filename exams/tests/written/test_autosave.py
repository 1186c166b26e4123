"""The autosave endpoint: one answer at a time, JSON back, only for the attempt's own questions."""

import pytest
from django.urls import reverse

from exams.models import AttemptItem, Question
from exams.services.written import start_attempt

from .factories import TopicFactory, candidate_for, exam_with_bank, question

pytestmark = pytest.mark.django_db


def url(attempt):
    return reverse("exams:written_autosave", args=[attempt.pk])


@pytest.fixture
def sitting(client):
    exam = exam_with_bank(questions=3)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)
    return attempt


def test_it_saves_an_answer_and_says_how_long_is_left(client, sitting):
    response = client.post(url(sitting), {"position": "2", "choice": "1"})

    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True
    assert 0 < body["seconds_left"] <= 30 * 60
    item = sitting.items.get(position=2)
    assert item.selected == [item.option_order[1]]
    assert "correct" not in response.content.decode()


def test_a_reload_shows_the_saved_answer(client, sitting):
    client.post(url(sitting), {"position": "1", "choice": "3"})

    html = client.get(reverse("exams:written_attempt", args=[sitting.pk])).content.decode()

    assert 'value="3" id="item-1-3" checked' in html


def test_no_choice_clears_the_answer(client, sitting):
    client.post(url(sitting), {"position": "2", "choice": "1"})

    response = client.post(url(sitting), {"position": "2"})

    assert response.status_code == 200
    assert sitting.items.get(position=2).selected == []


def test_the_same_option_sent_twice_is_one_answer(client, sitting):
    response = client.post(url(sitting), {"position": "2", "choice": ["1", "1"]})

    assert response.status_code == 200
    item = sitting.items.get(position=2)
    assert item.selected == [item.option_order[1]]


def test_it_refuses_a_question_outside_the_attempt(client, sitting):
    response = client.post(url(sitting), {"position": "4", "choice": "0"})

    assert response.status_code == 400
    assert "not part of this attempt" in response.json()["error"]


@pytest.mark.parametrize("choice", ["7", "-1", "4"])
def test_it_refuses_an_option_the_question_does_not_have(client, sitting, choice):
    response = client.post(url(sitting), {"position": "1", "choice": choice})

    assert response.status_code == 400
    assert "not one of its options" in response.json()["error"]
    assert sitting.items.get(position=1).selected == []


def test_it_refuses_two_options_for_a_single_best_answer_question(client, sitting):
    response = client.post(url(sitting), {"position": "1", "choice": ["0", "1"]})

    assert response.status_code == 400
    assert "one option only" in response.json()["error"]


def test_multiple_response_takes_several_options(client):
    topic = TopicFactory()
    exam = exam_with_bank(questions=0, per_attempt=1, topic=topic)
    question(topic, kind=Question.Kind.MULTIPLE, correct=("A", "C"))
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)

    response = client.post(url(attempt), {"position": "1", "choice": ["0", "2"]})

    assert response.status_code == 200
    item = attempt.items.get()
    assert item.selected == sorted([item.option_order[0], item.option_order[2]])


def test_someone_elses_attempt_is_not_found(client, sitting, stranger):
    client.force_login(stranger)

    assert client.post(url(sitting), {"position": "1", "choice": "0"}).status_code == 404
    assert sitting.items.get(position=1).selected == []


def test_it_refuses_answers_to_a_submitted_attempt(client, sitting):
    client.post(
        reverse("exams:written_attempt", args=[sitting.pk]), {"action": "submit", "confirmed": "1"}
    )

    response = client.post(url(sitting), {"position": "1", "choice": "0"})

    assert response.status_code == 409
    assert AttemptItem.objects.get(attempt=sitting, position=1).selected == []


def test_it_costs_the_same_queries_for_3_or_30_questions(client, django_assert_max_num_queries):
    small = exam_with_bank(questions=3)
    large = exam_with_bank(questions=30)
    small_attempt = start_attempt(exam=small, candidate=(c1 := candidate_for(small)))
    large_attempt = start_attempt(exam=large, candidate=(c2 := candidate_for(large)))
    client.force_login(c1)
    client.post(url(small_attempt), {"position": "1", "choice": "0"})

    with django_assert_max_num_queries(12) as with_3:
        assert client.post(url(small_attempt), {"position": "2", "choice": "0"}).status_code == 200
    queries_with_3 = len(with_3.captured_queries)  # read now: the next request resets the log

    client.force_login(c2)
    client.post(url(large_attempt), {"position": "1", "choice": "0"})
    with django_assert_max_num_queries(queries_with_3):
        assert client.post(url(large_attempt), {"position": "30", "choice": "0"}).status_code == 200
