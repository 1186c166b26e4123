"""In a real browser: a candidate starts the written exam, answers (saved as they go, kept over
a reload), submits, and sees the result."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import ensure_reference_data
from exams.models import Attempt, AttemptItem

from .factories import candidate_for, exam_with_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_candidate_sits_and_submits_an_attempt(new_page):
    # Transactional tests cannot count on the migrations' reference data (a flush removes it).
    ensure_reference_data()
    exam = exam_with_bank(questions=3, title="Injector written exam", pass_mark_percent=60)
    candidate = candidate_for(exam, full_legal_name="Casey Jordan Lee")

    page = new_page(candidate)
    page.goto("/written-exam/")
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("button", name="Yes, start the exam").click()  # the clock starts
    page.locator("#timer").wait_for()
    attempt = Attempt.objects.get(candidate=candidate)
    items = {
        i.position: i for i in AttemptItem.objects.filter(attempt=attempt).select_related("version")
    }
    expect(page.locator("#timer")).to_have_text(re.compile(r"^(29|30):\d\d$"))  # 30 minutes

    def correct_label(position):
        item = items[position]
        return item.version.option_text(item.version.correct[0])

    page.get_by_label(correct_label(1)).check()
    page.get_by_text("Saved question 1").wait_for()
    page.get_by_label(correct_label(2)).check()
    page.get_by_text("Saved question 2").wait_for()
    wrong = next(k for k in items[3].option_order if k not in items[3].version.correct)
    page.get_by_label(items[3].version.option_text(wrong)).check()
    page.get_by_text("Saved question 3").wait_for()

    page.reload()  # nothing is lost
    assert page.get_by_label(correct_label(1)).is_checked()
    assert page.get_by_label(correct_label(2)).is_checked()

    page.get_by_role("button", name="Submit attempt").click()
    page.get_by_role("button", name="Yes, submit my attempt").click()
    page.locator("[data-result]").wait_for()
    assert page.locator("[data-result]").inner_text().strip() == "Passed"
    assert page.locator("[data-score]").inner_text() == "67%"
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.passed
