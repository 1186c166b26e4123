"""After submission the candidate sees pass/fail and scores by topic, and the review the exam
allows: nothing more, each answer marked, or also the key and the explanations."""

import pytest
from django.urls import reverse

from exams.models import WrittenExam
from exams.services.written import save_answers, start_attempt, submit_attempt

from .conftest import answer_all
from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db


def result_page(client, review):
    exam = exam_with_bank(questions=2, review=review)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    answers = answer_all(attempt)
    answers[2] = answer_all(attempt, correctly=False)[2]
    save_answers(attempt=attempt, actor=candidate, answers=answers)
    submit_attempt(attempt=attempt, actor=candidate)
    client.force_login(candidate)
    html = client.get(reverse("exams:written_result", args=[attempt.pk])).content.decode()
    return attempt, html


def test_score_only_shows_pass_fail_and_topics_but_no_answers(client):
    attempt, html = result_page(client, WrittenExam.Review.SCORE)

    assert 'data-result="failed"' in html and "data-topic-scores" in html
    assert "data-item=" not in html
    for item in attempt.items.select_related("version"):
        assert item.version.stem not in html
        assert item.version.explanation not in html


def test_marked_shows_right_and_wrong_but_not_the_key(client):
    attempt, html = result_page(client, WrittenExam.Review.MARKED)

    assert html.count('badge text-bg-success">Correct') == 1
    assert html.count('badge text-bg-danger">Incorrect') == 1
    assert "(correct answer)" not in html
    for item in attempt.items.select_related("version"):
        assert item.version.explanation not in html


def test_full_shows_the_key_and_the_explanations(client):
    attempt, html = result_page(client, WrittenExam.Review.FULL)

    assert html.count("(correct answer)") == 2
    for item in attempt.items.select_related("version"):
        assert item.version.explanation in html


def test_an_open_attempts_result_page_sends_back_to_the_attempt(client):
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)

    response = client.get(reverse("exams:written_result", args=[attempt.pk]))

    assert response.url == reverse("exams:written_attempt", args=[attempt.pk])
