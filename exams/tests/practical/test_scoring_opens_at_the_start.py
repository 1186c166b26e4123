"""Scoring opens at the sitting's start time: a form for a sitting two days ahead is refused,
by the service and by the page, and nothing is scored or decided."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from exams.models import CriterionScore, ExaminerAssignment, PracticalSitting

from .factories import form_data, form_of, sitting, submit

pytestmark = pytest.mark.django_db


def two_days_ahead(examiner):
    # ID already recorded, so only the start time stands in the way.
    return sitting(
        examiners=[examiner], starts_at=timezone.now() + timedelta(days=2), id_checked=True
    )


def test_it_refuses_to_submit_a_form_before_the_sitting_starts(examiner):
    exam = two_days_ahead(examiner)

    with pytest.raises(DomainError, match="Scoring opens when the sitting starts"):
        submit(exam, examiner, 4, 4, 4)

    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.SCHEDULED
    assert exam.result_at is None and exam.weighted_score is None
    assert form_of(exam, examiner).status == ExaminerAssignment.Status.DRAFT
    assert not CriterionScore.objects.exists()


@pytest.mark.parametrize("action", ["save", "submit"])
def test_the_page_refuses_a_draft_or_a_submission_before_the_start(client, examiner, action):
    exam = two_days_ahead(examiner)
    form = form_of(exam, examiner)
    client.force_login(examiner)

    response = client.post(
        reverse("exams:score_form", args=[form.pk]),
        form_data(exam, 4, 4, 4, action=action),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("exams:sitting_check_in", args=[form.pk])
    assert "Scoring opens when the sitting starts" in response.content.decode()
    assert not CriterionScore.objects.exists()
    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.DRAFT
    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.SCHEDULED


def test_it_scores_once_the_sitting_has_started(examiner):
    exam = sitting(examiners=[examiner])  # started a few minutes ago, ID checked

    submit(exam, examiner, 4, 4, 4)

    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.PASSED
