"""The attempt page: the candidate's questions with shuffled options, never the answer key."""

import pytest
from django.urls import reverse

from exams.models import AttemptItem
from exams.services.written import start_attempt

from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db


def test_the_page_source_never_contains_the_answer_key(client):
    exam = exam_with_bank(questions=5)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)

    html = client.get(reverse("exams:written_attempt", args=[attempt.pk])).content.decode()

    for item in AttemptItem.objects.filter(attempt=attempt).select_related("version"):
        assert item.version.stem in html
        assert item.version.explanation not in html
        for option in item.version.options:
            assert option["text"] in html
        # The inputs post positions as shown, never the option keys of the version.
        correct_index = item.option_order.index(item.version.correct[0])
        assert f'name="item-{item.position}" value="{correct_index}"' in html
        assert f'name="item-{item.position}" value="{item.version.correct[0]}"' not in html
    assert "correct" not in html.lower()


def test_the_options_are_shown_in_the_candidates_own_order(client):
    exam = exam_with_bank(questions=1)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    item = attempt.items.get()
    AttemptItem.objects.filter(pk=item.pk).update(option_order=["C", "A", "D", "B"])
    client.force_login(candidate)

    html = client.get(reverse("exams:written_attempt", args=[attempt.pk])).content.decode()

    texts = [o["text"] for o in item.version.options]  # A, B, C, D
    positions = [html.index(text) for text in (texts[2], texts[0], texts[3], texts[1])]
    assert positions == sorted(positions)


def test_someone_elses_attempt_is_not_found(client, stranger):
    exam = exam_with_bank(questions=2)
    attempt = start_attempt(exam=exam, candidate=candidate_for(exam))
    client.force_login(stranger)

    assert client.get(reverse("exams:written_attempt", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("exams:written_result", args=[attempt.pk])).status_code == 404


def test_staff_without_the_applicant_role_may_not_open_the_candidate_pages(client, examiner):
    client.force_login(examiner)

    assert client.get(reverse("exams:written_home")).status_code == 403


def test_the_page_costs_the_same_queries_for_3_or_30_questions(
    client, django_assert_max_num_queries
):
    small = exam_with_bank(questions=3)
    large = exam_with_bank(questions=30)
    small_attempt = start_attempt(exam=small, candidate=(c1 := candidate_for(small)))
    large_attempt = start_attempt(exam=large, candidate=(c2 := candidate_for(large)))
    client.force_login(c1)
    client.get(reverse("exams:written_attempt", args=[small_attempt.pk]))

    with django_assert_max_num_queries(20) as with_3:
        response = client.get(reverse("exams:written_attempt", args=[small_attempt.pk]))
    assert len(response.context["items"]) == 3
    queries_with_3 = len(with_3.captured_queries)  # read now: the next request resets the log

    client.force_login(c2)
    client.get(reverse("exams:written_attempt", args=[large_attempt.pk]))
    with django_assert_max_num_queries(queries_with_3):
        response = client.get(reverse("exams:written_attempt", args=[large_attempt.pk]))
    assert len(response.context["items"]) == 30


def test_without_javascript_the_page_saves_all_its_answers_in_one_post(client):
    exam = exam_with_bank(questions=3)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)

    response = client.post(
        reverse("exams:written_attempt", args=[attempt.pk]),
        {"shown": ["1", "2", "3"], "item-1": "0", "item-3": "2", "action": "save"},
        follow=True,
    )

    assert "Your answers are saved." in response.content.decode()
    selected = dict(attempt.items.values_list("position", "selected"))
    order = dict(attempt.items.values_list("position", "option_order"))
    assert selected == {1: [order[1][0]], 2: [], 3: [order[3][2]]}
    assert 'value="0" id="item-1-0" checked' in response.content.decode()
