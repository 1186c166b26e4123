"""The cut from a borderline regression of past sittings, checked against a hand computation."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from exams.models import GlobalRating, Rubric
from exams.selectors.practical_reports import borderline_regression, regression_from_points

from .factories import examiner_user, rubric, sitting, submit

pytestmark = pytest.mark.django_db
FAIL, BORDERLINE, PASS = GlobalRating.CLEAR_FAIL, GlobalRating.BORDERLINE, GlobalRating.CLEAR_PASS


def test_it_matches_a_hand_computed_example():
    # x = 0, 1, 1, 2 ; y = 40, 50, 60, 90
    # mean x = 1, mean y = 60; Sxx = 1 + 0 + 0 + 1 = 2; Sxy = (-1)(-20) + 0 + 0 + (1)(30) = 50
    # slope = 25, intercept = 60 - 25 = 35, cut at borderline = 35 + 25 = 60
    result = regression_from_points([(0, 40.0), (1, 50.0), (1, 60.0), (2, 90.0)])

    assert (result.n, result.slope, result.intercept, result.cut) == (
        4,
        Decimal("25"),
        Decimal("35"),
        Decimal("60.00"),
    )


def scored_rubric() -> Rubric:
    """Four submitted forms: 0/1/1/2 ratings on scores 25, 50, 62.5, 100."""
    exam_rubric = rubric()
    for values, rating in [
        ((1, 1, 1), FAIL),  # 100 * (.5 + .25 + .25) / 4 = 25
        ((2, 2, 2), BORDERLINE),  # 50
        ((3, 2, 2), BORDERLINE),  # 62.5
        ((4, 4, 4), PASS),  # 100
    ]:
        examiner = examiner_user()
        exam = sitting(rubric_=exam_rubric, examiners=[examiner])
        submit(exam, examiner, *values, rating=rating)
    return exam_rubric


def test_it_regresses_the_submitted_forms_of_the_rubric():
    # mean x = 1, mean y = 59.375; Sxx = 2; Sxy = (-1)(-34.375) + (1)(40.625) = 75
    # slope = 37.5, intercept = 21.875, cut = 59.375
    result = borderline_regression(scored_rubric())

    assert result.n == 4
    assert result.slope == Decimal("37.5")
    assert result.intercept == Decimal("21.875")
    assert result.cut == Decimal("59.38")
    assert result.counts == {"clear fail": 1, "borderline": 2, "clear pass": 1}


def test_the_page_shows_the_inputs_and_the_admin_applies_the_cut(client, admin_user):
    exam_rubric = scored_rubric()
    client.force_login(admin_user)
    url = reverse("exams:rubric_detail", args=[exam_rubric.pk])

    html = client.get(url).content.decode()
    assert '<dd class="col-6" data-slope>37.5</dd>' in html
    assert '<dd class="col-6" data-intercept>21.875</dd>' in html
    assert "59.38%" in html

    client.post(reverse("exams:rubric_apply_regression", args=[exam_rubric.pk]))

    exam_rubric.refresh_from_db()
    assert exam_rubric.cut_score == Decimal("59.38")
    assert exam_rubric.cut_source == Rubric.CutSource.REGRESSION
    entry = AuditEntry.objects.get(action="rubric.cut_set", actor=admin_user)
    assert entry.data == {"slope": "37.5", "intercept": "21.875", "n": 4}


def test_without_different_ratings_no_cut_is_offered(client, admin_user):
    exam_rubric = rubric()
    for _ in range(2):
        examiner = examiner_user()
        exam = sitting(rubric_=exam_rubric, examiners=[examiner])
        submit(exam, examiner, 3, 3, 3, rating=PASS)
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:rubric_apply_regression", args=[exam_rubric.pk]), follow=True
    )

    assert "the ratings must differ" in response.content.decode()
    exam_rubric.refresh_from_db()
    assert exam_rubric.cut_source == Rubric.CutSource.MANUAL


def test_an_admin_keeps_a_hand_set_cut(client, admin_user):
    exam_rubric = rubric()
    client.force_login(admin_user)

    client.post(
        reverse("exams:rubric_cut", args=[exam_rubric.pk]),
        {"cut_score": "65", "disagreement_threshold": "15", "reason": "Panel decision"},
    )

    exam_rubric.refresh_from_db()
    assert (exam_rubric.cut_score, exam_rubric.disagreement_threshold) == (
        Decimal("65.00"),
        Decimal("15.00"),
    )
    assert AuditEntry.objects.get(action="rubric.cut_set").reason == "Panel decision"


def test_a_cut_outside_0_to_100_is_refused(client, admin_user):
    exam_rubric = rubric()
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:rubric_cut", args=[exam_rubric.pk]),
        {"cut_score": "120", "disagreement_threshold": "15"},
        follow=True,
    )

    assert "The cut was not changed" in response.content.decode()
    exam_rubric.refresh_from_db()
    assert exam_rubric.cut_score == Decimal("60.00")
