"""The program admins' pages: question bank, new question, exam settings with its blueprint."""

import pytest
from django.conf import settings
from django.urls import reverse

from exams.models import BlueprintRow, Question, WrittenExam

from .factories import TopicFactory, bank_author, question

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_multiple_response_question(client, admin_user):
    topic = TopicFactory()
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_question_new"),
        {
            "code": "contra-1",
            "kind": "multiple",
            "topic": topic.pk,
            "difficulty": "hard",
            "stem": "Which are contraindications to botulinum toxin type A?",
            "option_1": "Pregnancy",
            "correct_1": "on",
            "option_2": "Myasthenia gravis",
            "correct_2": "on",
            "option_3": "Well-controlled hypertension",
            "explanation": "Neuromuscular junction disorders and pregnancy.",
            "is_active": "on",
        },
        follow=True,
    )

    assert "Question contra-1 added to the bank." in response.content.decode()
    version = Question.objects.get(code="contra-1").current_version
    assert version.correct == ["A", "B"] and len(version.options) == 3


def test_a_single_best_answer_with_two_keys_is_refused_with_a_message(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_question_new"),
        {
            "kind": "single",
            "topic": TopicFactory().pk,
            "difficulty": "easy",
            "stem": "Which muscle?",
            "option_1": "Procerus",
            "correct_1": "on",
            "option_2": "Corrugator",
            "correct_2": "on",
        },
    )

    assert "has exactly one correct option" in response.content.decode()
    assert not Question.objects.exists()


def test_a_case_sub_question_needs_its_case(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_question_new"),
        {
            "kind": "case",
            "topic": TopicFactory().pk,
            "difficulty": "easy",
            "stem": "Next step?",
            "option_1": "Reassure",
            "correct_1": "on",
            "option_2": "Refer",
        },
    )

    assert "needs its case" in response.content.decode()
    assert not Question.objects.exists()


def test_the_bank_list_costs_the_same_queries_for_3_or_30_questions(
    client, admin_user, django_assert_max_num_queries
):
    author, topic = bank_author(), TopicFactory()
    for _ in range(3):
        question(topic, by=author)
    client.force_login(admin_user)
    client.get(reverse("exams:written_bank"))
    with django_assert_max_num_queries(20) as with_3:
        assert len(client.get(reverse("exams:written_bank")).context["questions"]) == 3
    queries_with_3 = len(with_3.captured_queries)
    for _ in range(settings.PAGE_SIZE - 3):
        question(topic, by=author)

    with django_assert_max_num_queries(queries_with_3):
        questions = client.get(reverse("exams:written_bank")).context["questions"]
        assert len(questions) == settings.PAGE_SIZE


def test_an_admin_creates_an_exam_with_its_blueprint(client, admin_user):
    from programs.tests.factories import ProgramFactory

    program, topic = ProgramFactory(), TopicFactory()
    client.force_login(admin_user)

    client.post(
        reverse("exams:written_exam_new"),
        {
            "program": program.pk,
            "title": "Certification written exam",
            "time_limit_minutes": "90",
            "pass_mark_percent": "75",
            "attempts_allowed": "3",
            "wait_hours_between_attempts": "72",
            "review": "marked",
            "is_active": "on",
            "rows-TOTAL_FORMS": "3",
            "rows-INITIAL_FORMS": "0",
            "rows-0-topic": topic.pk,
            "rows-0-difficulty": "",
            "rows-0-count": "10",
            "rows-1-topic": "",
            "rows-1-count": "",
            "rows-2-topic": "",
            "rows-2-count": "",
        },
    )

    exam = WrittenExam.objects.get()
    assert (exam.time_limit_minutes, exam.pass_mark_percent) == (90, 75)
    assert list(BlueprintRow.objects.values_list("topic_id", "count")) == [(topic.pk, 10)]


def test_the_staff_pages_are_for_program_admins_only(client, applicant, instructor):
    for user in (applicant, instructor):
        client.force_login(user)
        for name in ("written_bank", "written_question_new", "written_exams", "written_import"):
            assert client.get(reverse(f"exams:{name}")).status_code == 403, (user, name)
