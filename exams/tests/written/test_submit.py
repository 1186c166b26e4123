"""Submission: scored at once, pass or fail, by topic, exactly once, and the pathway is told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import events
from accounts.errors import DomainError
from accounts.models import AuditEntry
from exams.models import Attempt, BlueprintRow, Question
from exams.services.written import save_answers, start_attempt, submit_attempt

from .conftest import answer_all
from .factories import TopicFactory, candidate_for, exam_with_bank, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed_steps():
    calls = []

    def listener(*, applicant, program):
        calls.append((applicant, program))

    events.on_step_completed(listener)
    yield calls
    events._listeners.remove(listener)


def submit_page(client, attempt, answers):
    data = {"shown": [str(p) for p in answers], "action": "submit", "confirmed": "1"}
    for position, choice in answers.items():
        data[f"item-{position}"] = choice
    return client.post(reverse("exams:written_attempt", args=[attempt.pk]), data, follow=True)


def test_all_correct_passes_and_the_candidate_sees_it(client, completed_steps):
    exam = exam_with_bank(questions=4)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)

    response = submit_page(client, attempt, answer_all(attempt))

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert (attempt.score_points, attempt.score_percent, attempt.passed) == (4, 100, True)
    html = response.content.decode()
    assert 'data-result="passed"' in html
    assert completed_steps == [(candidate, exam.program)]


def test_below_the_pass_mark_fails_and_the_pathway_is_not_told(client, completed_steps):
    exam = exam_with_bank(questions=4, pass_mark_percent=75)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    answers = answer_all(attempt)
    answers[1] = answer_all(attempt, correctly=False)[1]
    answers[2] = answer_all(attempt, correctly=False)[2]
    client.force_login(candidate)

    response = submit_page(client, attempt, answers)

    attempt.refresh_from_db()
    assert (attempt.score_points, attempt.score_percent, attempt.passed) == (2, 50, False)
    assert 'data-result="failed"' in response.content.decode()
    assert completed_steps == []


def test_the_pass_mark_compares_the_exact_fraction_not_the_rounded_percent():
    exam = exam_with_bank(questions=3, pass_mark_percent=67)  # 2 of 3 is 66.7%
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    answers = answer_all(attempt)
    answers[3] = answer_all(attempt, correctly=False)[3]
    save_answers(attempt=attempt, actor=candidate, answers=answers)

    attempt = submit_attempt(attempt=attempt, actor=candidate)

    assert attempt.score_percent == 67
    assert attempt.passed is False


def test_the_score_by_topic_is_shown():
    anatomy, ethics = TopicFactory(name="Facial anatomy"), TopicFactory(name="Ethics")
    exam = exam_with_bank(questions=2, topic=anatomy)
    question(ethics)
    BlueprintRow.objects.create(exam=exam, topic=ethics, count=1)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    answers = answer_all(attempt)
    ethics_item = attempt.items.get(version__topic=ethics)
    answers[ethics_item.position] = answer_all(attempt, correctly=False)[ethics_item.position]
    save_answers(attempt=attempt, actor=candidate, answers=answers)

    attempt = submit_attempt(attempt=attempt, actor=candidate)

    assert attempt.topic_scores == {
        "Facial anatomy": {"correct": 2, "total": 2},
        "Ethics": {"correct": 0, "total": 1},
    }


def test_multiple_response_is_all_or_nothing():
    topic = TopicFactory()
    exam = exam_with_bank(questions=0, per_attempt=1, topic=topic)
    question(topic, kind=Question.Kind.MULTIPLE, correct=("A", "C"))
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    item = attempt.items.get()
    only_a = [str(item.option_order.index("A"))]
    save_answers(attempt=attempt, actor=candidate, answers={1: only_a})

    attempt = submit_attempt(attempt=attempt, actor=candidate)

    assert attempt.score_points == 0
    item.refresh_from_db()
    assert item.is_correct is False


def test_multiple_response_with_exactly_the_key_scores():
    topic = TopicFactory()
    exam = exam_with_bank(questions=0, per_attempt=1, topic=topic)
    question(topic, kind=Question.Kind.MULTIPLE, correct=("A", "C"))
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    order = attempt.items.get().option_order
    both = [str(order.index("A")), str(order.index("C"))]
    save_answers(attempt=attempt, actor=candidate, answers={1: both})

    assert submit_attempt(attempt=attempt, actor=candidate).score_points == 1


def test_an_attempt_is_submitted_once(client):
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    submit_attempt(attempt=attempt, actor=candidate)

    with pytest.raises(DomainError, match="already been submitted"):
        submit_attempt(attempt=attempt, actor=candidate)

    client.force_login(candidate)
    response = client.post(
        reverse("exams:written_attempt", args=[attempt.pk]), {"action": "submit", "confirmed": "1"}
    )
    assert response.url == reverse("exams:written_result", args=[attempt.pk])
    assert AuditEntry.objects.filter(action="written_attempt.submitted").count() == 1


def test_the_submission_is_audited_with_the_candidate_and_the_score():
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)

    submit_attempt(attempt=attempt, actor=candidate)

    entry = AuditEntry.objects.get(action="written_attempt.submitted")
    assert entry.actor == candidate
    assert (entry.from_state, entry.to_state) == ("open", "submitted")
    assert entry.data == {"score_percent": 0, "passed": False}


def test_submitting_asks_first_keeping_the_answers_and_the_attempt_open(client):
    exam = exam_with_bank(questions=4)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)
    answers = answer_all(attempt)
    data = {"shown": [str(p) for p in answers], "action": "submit"}
    for position, choice in answers.items():
        data[f"item-{position}"] = choice
    url = reverse("exams:written_attempt", args=[attempt.pk])

    response = client.post(url, data)

    assert "Yes, submit my attempt" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.OPEN
    assert attempt.items.exclude(selected=[]).count() == len(answers)  # nothing lost

    client.post(url, {**data, "confirmed": "1"})

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED


def test_the_claim_finds_the_attempt_by_its_key_alone():
    # A status in the claim's WHERE let PostgreSQL reach the row through the (status, deadline)
    # index and visit every open attempt of an exam window (statistics from when few were open).
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)

    with CaptureQueriesContext(connection) as captured:
        submit_attempt(attempt=attempt, actor=candidate)

    reads_and_writes = [
        q["sql"]
        for q in captured
        if q["sql"].startswith(("SELECT", "UPDATE"))
        and '"exams_attempt"' in q["sql"].split("WHERE")[0]
    ]
    if connection.features.has_select_for_update:  # SQLite locks the whole database instead
        assert len([sql for sql in reads_and_writes if "FOR UPDATE" in sql]) == 1
    for sql in reads_and_writes:
        assert '"status" =' not in sql.partition("WHERE")[2], sql
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
