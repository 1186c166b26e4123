"""The admin's pages: correct a version from the bank, review the pass/fail changes, apply."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from exams.models import Attempt, ItemCorrection, Question

from .factories import exam_with_bank
from .test_item_corrections import sit

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam():
    return exam_with_bank(questions=4, pass_mark_percent=80)


@pytest.fixture
def flawed(exam):
    return Question.objects.order_by("pk").first().current_version


def propose(client, version, **data):
    return client.post(reverse("exams:written_correction_new", args=[version.pk]), data)


def test_the_question_page_links_each_version_to_its_correction(client, admin_user, flawed):
    client.force_login(admin_user)

    response = client.get(reverse("exams:written_question_edit", args=[flawed.question_id]))

    assert reverse("exams:written_correction_new", args=[flawed.pk]) in response.content.decode()


def test_it_proposes_a_rekey_and_lists_the_pass_fail_changes_for_review(
    client, admin_user, exam, flawed
):
    keyed_a = sit(exam)
    client.force_login(admin_user)

    response = propose(client, flawed, kind="rekey", correct=["B"], reason="Key error")

    correction = ItemCorrection.objects.get()
    assert response.url == reverse("exams:written_correction", args=[correction.pk])
    review = client.get(response.url).content.decode()
    assert f'data-regrade="{keyed_a.pk}" class="table-warning"' in review
    assert "Pass → Fail" in review
    keyed_a.refresh_from_db()
    assert keyed_a.passed is True  # nothing changed before the review


def test_a_rekey_without_a_key_is_refused_with_a_message(client, admin_user, flawed):
    client.force_login(admin_user)

    response = propose(client, flawed, kind="rekey", reason="Key error")

    assert response.status_code == 400
    assert "Tick the option" in response.content.decode()
    assert not ItemCorrection.objects.exists()


def test_applying_from_the_review_page_changes_the_results(client, admin_user, exam, flawed):
    keyed_a = sit(exam)
    client.force_login(admin_user)
    propose(client, flawed, kind="rekey", correct=["B"], reason="Key error")
    correction = ItemCorrection.objects.get()

    client.post(reverse("exams:written_correction_apply", args=[correction.pk]))

    keyed_a.refresh_from_db()
    correction.refresh_from_db()
    assert (keyed_a.passed, correction.status) == (False, ItemCorrection.Status.APPLIED)
    assert AuditEntry.objects.filter(
        action="written_attempt.regraded", target_id=str(keyed_a.pk)
    ).exists()


def test_discarding_from_the_review_page_changes_nothing(client, admin_user, exam, flawed):
    keyed_a = sit(exam)
    client.force_login(admin_user)
    propose(client, flawed, kind="void", reason="Ambiguous")
    correction = ItemCorrection.objects.get()

    client.post(reverse("exams:written_correction_discard", args=[correction.pk]))

    keyed_a.refresh_from_db()
    assert (keyed_a.score_points, keyed_a.max_points) == (4, 4)
    correction.refresh_from_db()
    assert correction.status == ItemCorrection.Status.DISCARDED


def test_only_program_admins_reach_the_correction_pages(client, instructor, exam, flawed):
    sit(exam)
    client.force_login(instructor)

    assert propose(client, flawed, kind="void", reason="x").status_code == 403
    assert client.get(reverse("exams:written_corrections")).status_code == 403
    assert not ItemCorrection.objects.exists()


def test_the_review_page_takes_a_fixed_number_of_queries(
    client, admin_user, exam, flawed, django_assert_max_num_queries
):
    for _ in range(3):
        sit(exam)
    client.force_login(admin_user)
    propose(client, flawed, kind="void", reason="Ambiguous")
    correction = ItemCorrection.objects.get()
    assert Attempt.objects.count() == 3

    with django_assert_max_num_queries(12):
        client.get(reverse("exams:written_correction", args=[correction.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("exams:written_corrections"))


def test_the_candidate_sees_a_voided_question_as_not_scored(client, admin_user, exam, flawed):
    attempt = sit(exam)
    client.force_login(admin_user)
    propose(client, flawed, kind="void", reason="Ambiguous")
    client.post(reverse("exams:written_correction_apply", args=[ItemCorrection.objects.get().pk]))
    client.force_login(attempt.candidate)

    response = client.get(reverse("exams:written_result", args=[attempt.pk]))

    assert response.content.decode().count("Not scored: question withdrawn") == 1
