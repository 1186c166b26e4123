"""The score form keeps a sitting's criteria in the cache by rubric version: a version in use is
never edited, so an admin's change to the rubric is a new version, seen by the next sitting's
form at once, while the sittings on the old version keep their criteria."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.models import RubricVersion
from exams.services import practical as services
from exams.services.practical import CriterionData

from .factories import form_of, rubric, sitting, small_criteria

pytestmark = pytest.mark.django_db


def _criteria_queries(captured):
    return [q for q in captured.captured_queries if "exams_rubriccriterion" in q["sql"]]


def _renamed(text):
    first, *rest = small_criteria()
    first.text = text
    return [first, *rest]


def test_the_form_reads_its_criteria_once_per_rubric_version(
    client, examiner, django_assert_max_num_queries
):
    exam = sitting(examiners=[examiner])
    url = reverse("exams:score_form", args=[form_of(exam, examiner).pk])
    client.force_login(examiner)
    client.get(url)

    with django_assert_max_num_queries(20) as again:
        response = client.get(url)

    assert _criteria_queries(again) == []
    assert "Needle depth and angle" in response.content.decode()


def test_a_change_to_a_rubric_in_use_is_seen_by_the_next_sittings_form(client, examiner):
    shared = rubric()
    before = sitting(rubric_=shared, examiners=[examiner])
    client.force_login(examiner)
    old_url = reverse("exams:score_form", args=[form_of(before, examiner).pk])
    assert "Needle depth and angle" in client.get(old_url).content.decode()  # cached now

    services.revise_rubric(
        rubric=shared,
        criteria=_renamed("Needle depth, angle and aspiration"),
        actor=UserFactory(roles=[Role.PROGRAM_ADMIN]),
        note="aspiration",
    )
    after = sitting(rubric_=shared, examiners=[examiner])

    assert RubricVersion.objects.filter(rubric=shared).count() == 2
    new_html = client.get(
        reverse("exams:score_form", args=[form_of(after, examiner).pk])
    ).content.decode()
    assert "Needle depth, angle and aspiration" in new_html
    old_html = client.get(old_url).content.decode()
    assert "Needle depth and angle" in old_html
    assert "aspiration" not in old_html


def test_an_edit_in_place_before_any_sitting_is_what_the_first_form_shows(client, examiner):
    shared = rubric()
    services.revise_rubric(
        rubric=shared,
        criteria=_renamed("Depth checked twice"),
        actor=UserFactory(roles=[Role.PROGRAM_ADMIN]),
    )
    assert RubricVersion.objects.filter(rubric=shared).count() == 1  # edited in place
    exam = sitting(rubric_=shared, examiners=[examiner])
    client.force_login(examiner)

    html = client.get(reverse("exams:score_form", args=[form_of(exam, examiner).pk])).content

    assert "Depth checked twice" in html.decode()


def test_a_cached_form_still_checks_scores_against_the_versions_scale(client, examiner):
    heavy = rubric(
        criteria=[CriterionData(section="communication", text="Aftercare", weight=Decimal(1))]
    )
    exam = sitting(rubric_=heavy, examiners=[examiner])
    form = form_of(exam, examiner)
    url = reverse("exams:score_form", args=[form.pk])
    client.force_login(examiner)
    client.get(url)
    criterion = heavy.versions.get().criteria.get()

    response = client.post(
        url, {"action": "save", f"score_{criterion.pk}": "9", f"comment_{criterion.pk}": ""}
    )

    assert "9 is outside the scale; give a score from 0 to 4." in response.content.decode()
    assert not form.scores.exists()
