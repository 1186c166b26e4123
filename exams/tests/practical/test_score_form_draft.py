"""The examiner's form saves drafts: gaps allowed, nothing locked, scores kept."""

import pytest
from django.urls import reverse

from exams.models import CriterionScore, ExaminerAssignment

from .factories import criteria_of, form_data, form_of, sitting

pytestmark = pytest.mark.django_db


def test_it_saves_a_partial_draft(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    client.force_login(examiner)

    response = client.post(
        reverse("exams:score_form", args=[form.pk]),
        form_data(exam, 3, None, None, action="save", rating=""),
        follow=True,
    )

    assert "Draft saved" in response.content.decode()
    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.DRAFT
    first = criteria_of(exam)[0]
    assert CriterionScore.objects.get(assignment=form, criterion=first).score == 3
    # the saved draft comes back in the form
    assert f'name="score_{first.pk}" value="3" checked' in response.content.decode()


def test_a_second_draft_replaces_the_first(client, examiner):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    client.force_login(examiner)
    url = reverse("exams:score_form", args=[form.pk])

    client.post(url, form_data(exam, 3, 1, None, action="save"))
    client.post(url, form_data(exam, 2, None, 4, action="save"))

    saved = dict(
        CriterionScore.objects.filter(assignment=form).values_list("criterion__position", "score")
    )
    assert saved == {1: 2, 2: None, 3: 4}
