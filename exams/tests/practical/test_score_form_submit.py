"""Submitting: every criterion scored, comments where the rules ask, then locked."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from exams.models import CriterionScore, ExaminerAssignment

from .factories import criteria_of, form_data, form_of, sitting

pytestmark = pytest.mark.django_db


def post(client, form, data):
    return client.post(reverse("exams:score_form", args=[form.pk]), data, follow=True)


def test_it_submits_a_complete_form_and_locks_it(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    client.force_login(examiner)

    response = post(client, form, form_data(exam, 4, 3, 3))

    assert "Submitted. The form is now locked." in response.content.decode()
    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.SUBMITTED
    assert form.submitted_at is not None
    assert AuditEntry.objects.filter(action="score_form.submitted", actor=examiner).count() == 1


def test_an_incomplete_form_is_not_submitted_and_says_what_is_missing(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    client.force_login(examiner)

    response = post(client, form, form_data(exam, 4, None, 3, rating=""))

    html = response.content.decode()
    assert "Score every criterion before submitting." in html
    assert "Give your global rating to close the form." in html
    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.DRAFT
    assert not CriterionScore.objects.filter(assignment=form).exists()


def test_a_failed_critical_item_needs_a_comment(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    critical = criteria_of(exam)[0]
    client.force_login(examiner)

    response = post(client, form, form_data(exam, 1, 3, 3, **{f"comment_{critical.pk}": ""}))

    assert "this critical item is not passed" in response.content.decode()
    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.DRAFT


def test_a_score_at_the_bottom_of_the_scale_needs_a_comment(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    last = criteria_of(exam)[2]
    client.force_login(examiner)

    response = post(client, form, form_data(exam, 3, 3, 0, **{f"comment_{last.pk}": " "}))

    assert "A comment is required for a score at the bottom of the scale." in (
        response.content.decode()
    )
    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.DRAFT


def test_passing_scores_above_the_bottom_need_no_comment(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    client.force_login(examiner)
    data = form_data(exam, 2, 1, 3)
    for criterion in criteria_of(exam):
        data[f"comment_{criterion.pk}"] = ""

    post(client, form, data)

    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.SUBMITTED
