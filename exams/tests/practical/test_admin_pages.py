"""The program admins' practical exam pages render what they should, in few queries."""

import pytest
from django.urls import reverse

from .factories import examiner_user, rubric, sitting, submit

pytestmark = pytest.mark.django_db


def test_the_rubric_editor_starts_from_the_current_criteria(client, admin_user):
    exam_rubric = rubric()
    client.force_login(admin_user)

    html = client.get(reverse("exams:rubric_edit", args=[exam_rubric.pk])).content.decode()

    assert 'value="Needle depth and angle"' in html
    assert client.get(reverse("exams:rubric_new")).status_code == 200


def test_the_sitting_page_shows_the_examiners_and_the_result(client, admin_user, examiner):
    exam = sitting(examiners=[examiner])
    submit(exam, examiner, 4, 3, 3)
    client.force_login(admin_user)

    html = client.get(reverse("exams:sitting_detail", args=[exam.pk])).content.decode()

    assert "<span data-status>Passed</span>" in html
    assert "submitted · 87.50%" in html
    assert "Observed." in html


def test_the_sittings_list_filters_by_status(client, admin_user, examiner):
    done = sitting(examiners=[examiner])
    submit(done, examiner, 4, 4, 4)
    waiting = sitting()
    client.force_login(admin_user)

    html = client.get(reverse("exams:sittings") + "?status=open").content.decode()

    assert f'data-sitting="{waiting.pk}"' in html
    assert f'data-sitting="{done.pk}"' not in html


def test_the_sittings_list_keeps_its_query_count(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    exam_rubric = rubric()

    def add(count):
        for _ in range(count):
            sitting(rubric_=exam_rubric, examiners=[examiner_user(), examiner_user()])

    add(2)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("exams:sittings"))
    baseline = len(few.captured_queries)
    add(15)
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("exams:sittings"))
    assert response.content.decode().count("data-sitting=") == 17


def test_a_submitted_form_is_shown_read_only(client, examiner):
    exam = sitting(examiners=[examiner])
    form = submit(exam, examiner, 4, 3, 3)
    client.force_login(examiner)

    html = client.get(reverse("exams:score_form", args=[form.pk])).content.decode()

    assert "<fieldset disabled>" in html
    assert "Submit and lock" not in html
