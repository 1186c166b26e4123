"""The score form says how far the examiner is: "2 of 3 scored" and the weighted running total,
rendered by the server from the saved draft and kept current by static/exams/score-form.js."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.models import CriterionScore

from .factories import criteria_of, form_data, form_of, sitting

# small_criteria(): weights 2, 1, 1 on a 0-4 scale.
# Saved 4, -, 2: 100 * (2*4/4 + 0 + 1*2/4) / 4 = 62.5, the unscored one at its lowest level.


@pytest.mark.django_db
def test_the_page_shows_the_saved_count_and_running_total_without_javascript(client, examiner):
    exam = sitting(examiners=[examiner])
    url = reverse("exams:score_form", args=[form_of(exam, examiner).pk])
    client.force_login(examiner)
    client.post(url, form_data(exam, 4, None, 2, action="save"))
    assert CriterionScore.objects.exclude(score=None).count() == 2

    html = client.get(url).content.decode()

    assert "<strong data-tally-scored>2</strong> of <span data-tally-total>3</span> scored" in html
    assert "<strong data-tally-running>62.5</strong>%" in html
    assert "exams/score-form.js" in html


@pytest.mark.django_db
def test_a_fresh_form_starts_at_none_scored(client, examiner):
    exam = sitting(examiners=[examiner])
    client.force_login(examiner)

    response = client.get(reverse("exams:score_form", args=[form_of(exam, examiner).pk]))

    tally = response.context["tally"]
    assert (tally.scored, tally.total, tally.running_total) == (0, 3, 0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_count_and_total_follow_the_examiners_choices_in_the_browser(new_page):
    examiner = UserFactory(roles=[Role.EXAMINER])
    exam = sitting(examiners=[examiner])
    page = new_page(examiner)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("exams:score_form", args=[form_of(exam, examiner).pk]))
    first, second, third = criteria_of(exam)

    assert page.locator("[data-tally-scored]").inner_text() == "0"
    page.locator(f"input[name='score_{first.pk}'][value='4']").check()
    assert page.locator("[data-tally-scored]").inner_text() == "1"
    assert page.locator("[data-tally-running]").inner_text() == "50.0"
    page.locator(f"input[name='score_{third.pk}'][value='2']").check()
    page.locator(f"input[name='score_{second.pk}'][value='3']").check()

    assert page.locator("[data-tally-scored]").inner_text() == "3"
    # 100 * (2*4/4 + 3/4 + 2/4) / 4 = 81.25
    assert page.locator("[data-tally-running]").inner_text() == "81.3"
    # the phone shows the whole form: nothing wider than the window
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
