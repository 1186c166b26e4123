"""In the browser: an examiner scores an assigned sitting and submits; the candidate then sees
the result."""

from decimal import Decimal

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.models import ExaminerAssignment, PracticalSitting

from .factories import criteria_of, rubric, sitting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_examiner_scores_and_submits_and_the_candidate_sees_the_result(new_page):
    candidate = UserFactory(full_legal_name="Casey Jordan Lee", roles=[Role.APPLICANT])
    examiner = UserFactory(full_legal_name="Dr. Eve Examiner", roles=[Role.EXAMINER])
    exam = sitting(
        rubric_=rubric(cut_score=Decimal("60")), candidate=candidate, examiners=[examiner]
    )
    form = ExaminerAssignment.objects.get(sitting=exam)

    examiner_page = new_page(examiner)
    examiner_page.goto("/examiner/")
    examiner_page.locator(f"tr[data-assignment='{form.pk}']").get_by_role(
        "link", name="Score"
    ).click()
    examiner_page.get_by_role("heading", name="Practical exam of Casey Jordan Lee").wait_for()
    for criterion, level in zip(criteria_of(exam), [4, 3, 0], strict=True):
        examiner_page.locator(f"input[name='score_{criterion.pk}'][value='{level}']").check()
    examiner_page.get_by_role("button", name="Save draft").click()
    examiner_page.get_by_text("Draft saved.").wait_for()

    # A score at the bottom of the scale needs a comment: the form says so and stays open.
    examiner_page.get_by_role("radio", name="Clear pass").check()
    examiner_page.get_by_role("button", name="Submit and lock").click()
    examiner_page.get_by_text(
        "A comment is required for a score at the bottom of the scale."
    ).wait_for()
    assert PracticalSitting.objects.get().status == PracticalSitting.Status.SCHEDULED

    last = criteria_of(exam)[2]
    examiner_page.locator(f"textarea[name='comment_{last.pk}']").fill(
        "Did not explain the aftercare."
    )
    examiner_page.get_by_role("radio", name="Clear pass").check()
    examiner_page.get_by_role("button", name="Submit and lock").click()
    examiner_page.get_by_role("button", name="Yes, submit and lock").click()
    examiner_page.get_by_text("Submitted. The form is now locked.").wait_for()
    assert examiner_page.get_by_role("button", name="Submit and lock").count() == 0

    candidate_page = new_page(candidate)
    candidate_page.goto("/practical/")
    candidate_page.get_by_role("link", name="See the result").click()
    # 100 * (2*4/4 + 3/4 + 0/4) / 4 = 68.75: passed at a cut of 60
    assert candidate_page.locator("[data-result]").inner_text() == "Passed"
    assert candidate_page.locator("[data-score]").inner_text() == "68.75%"
    candidate_page.get_by_text("Did not explain the aftercare.").wait_for()
