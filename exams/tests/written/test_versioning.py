"""Editing a question that candidates have answered makes a new version; their attempts keep
the version they saw. An unseen question is edited in place."""

import pytest
from django.urls import reverse

from exams.models import Question, QuestionVersion
from exams.services.written import start_attempt, submit_attempt

from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db


def edit_form(question: Question, **changes) -> dict:
    version = question.current_version
    data = {
        "kind": question.kind,
        "topic": version.topic_id,
        "difficulty": version.difficulty,
        "stem": version.stem,
        "explanation": version.explanation,
        "is_active": "on",
    }
    for n, option in enumerate(version.options, start=1):
        data[f"option_{n}"] = option["text"]
        if option["key"] in version.correct:
            data[f"correct_{n}"] = "on"
    data.update(changes)
    return data


def test_editing_an_answered_question_makes_a_new_version_and_the_attempt_keeps_its_own(
    client, admin_user
):
    exam = exam_with_bank(questions=1)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    submit_attempt(attempt=attempt, actor=candidate)
    question = Question.objects.get()
    old_stem = question.current_version.stem
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_question_edit", args=[question.pk]),
        edit_form(question, stem="Rewritten stem?"),
        follow=True,
    )

    assert "new version" in response.content.decode()
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.stem == "Rewritten stem?"
    item = attempt.items.get()
    assert item.version.number == 1 and item.version.stem == old_stem
    client.force_login(candidate)
    result = client.get(reverse("exams:written_result", args=[attempt.pk])).content.decode()
    assert old_stem in result and "Rewritten stem?" not in result


def test_editing_a_question_nobody_drew_changes_it_in_place(client, admin_user):
    exam = exam_with_bank(questions=1)
    question = Question.objects.get()
    client.force_login(admin_user)

    client.post(
        reverse("exams:written_question_edit", args=[question.pk]),
        edit_form(question, stem="Clearer wording?"),
    )

    assert QuestionVersion.objects.count() == 1
    assert QuestionVersion.objects.get().stem == "Clearer wording?"
    assert exam.pk


def test_changing_the_key_of_an_answered_question_does_not_rescore_past_attempts(admin_user):
    from exams.services.written_bank import QuestionContent, edit_question

    exam = exam_with_bank(questions=1)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    submit_attempt(attempt=attempt, actor=candidate)
    question = Question.objects.get()
    version = question.current_version

    edit_question(
        question=question,
        content=QuestionContent(
            kind=question.kind,
            topic=version.topic,
            difficulty=version.difficulty,
            stem=version.stem,
            options=version.options,
            correct=["B"],
            explanation=version.explanation,
        ),
        actor=admin_user,
    )

    assert attempt.items.get().version.correct == ["A"]
    question.refresh_from_db()
    assert question.current_version.correct == ["B"]


def test_saving_without_a_change_makes_no_version(client, admin_user):
    exam = exam_with_bank(questions=1)
    candidate = candidate_for(exam)
    submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)
    question = Question.objects.get()
    client.force_login(admin_user)

    client.post(reverse("exams:written_question_edit", args=[question.pk]), edit_form(question))

    assert QuestionVersion.objects.count() == 1
