"""'Submit and lock' asks first: the scores ride along as hidden fields, nothing is locked until
the examiner confirms, and 'No' keeps them as a draft."""

import pytest
from django.urls import reverse

from exams.models import CriterionScore, ExaminerAssignment

from .factories import criteria_of, form_data, form_of, sitting

pytestmark = pytest.mark.django_db


def test_submit_and_lock_asks_first_and_locks_only_when_confirmed(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    client.force_login(examiner)
    url = reverse("exams:score_form", args=[form.pk])
    data = form_data(exam, 4, 3, 3)
    data.pop("confirmed")

    response = client.post(url, data)

    page = response.content.decode()
    assert "Yes, submit and lock" in page
    first = criteria_of(exam)[0]
    assert f'<input type="hidden" name="score_{first.pk}" value="4">' in page
    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.DRAFT
    assert not CriterionScore.objects.filter(assignment=form).exists()

    client.post(url, {**data, "confirmed": "1"})

    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.SUBMITTED


def test_saying_no_keeps_the_scores_as_a_draft(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    client.force_login(examiner)
    data = form_data(exam, 4, 3, 3)
    data.pop("confirmed")

    page = client.post(reverse("exams:score_form", args=[form.pk]), data).content.decode()
    assert '<input type="hidden" name="action" value="save">' in page

    client.post(reverse("exams:score_form", args=[form.pk]), {**data, "action": "save"})

    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.DRAFT
    assert CriterionScore.objects.filter(assignment=form).count() == 3
