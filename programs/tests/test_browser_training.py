"""The journeys of steps 2 and 3 in a real browser."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory, qualified_applicant
from programs.models import Enrollment, HandsOnSession, ModuleCompletion
from programs.tests.factories import CohortFactory, program_with_hands_on, trainee_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_eligible_applicant_applies_and_an_instructor_records_a_module(
    new_page, private_storage
):
    program = program_with_hands_on(name="Aesthetic Injector Program")
    cohort = CohortFactory(program=program, name="Autumn cohort", capacity=10)
    instructor = UserFactory(full_legal_name="Irene Instructor", roles=[Role.INSTRUCTOR])
    cohort.instructors.add(instructor)
    applicant = qualified_applicant(full_legal_name="Casey Jordan Lee")

    applicant_page = new_page(applicant)
    applicant_page.goto("/programs/")
    applicant_page.locator(f"[data-cohort='{cohort.pk}']").get_by_role(
        "button", name="Apply"
    ).click()
    applicant_page.get_by_text("Your application to").wait_for()
    assert applicant_page.locator("[data-status]").first.inner_text() == "Enrolled"

    instructor_page = new_page(instructor)
    instructor_page.goto("/instructor/")
    instructor_page.get_by_role("link", name="Autumn cohort").click()
    instructor_page.get_by_role("link", name="Module 1").click()
    row = instructor_page.locator("tr", has_text="Casey Jordan Lee")
    row.get_by_label("Attended").check()
    row.get_by_label("Passed quiz or assessment").check()
    row.get_by_label("Note").fill("Quiz 9/10")
    instructor_page.get_by_role("button", name="Save the roster").click()
    instructor_page.get_by_text("Module 1 is recorded for the cohort.").wait_for()

    completion = ModuleCompletion.objects.get()
    assert completion.is_complete() and completion.note == "Quiz 9/10"
    assert completion.enrollment.status == Enrollment.Status.ENROLLED
    applicant_page.goto("/training/")
    assert applicant_page.get_by_test_id("theory-count").inner_text() == "1 of 3 complete"


def test_a_trainee_logs_a_session_the_instructor_verifies_it_and_progress_moves(
    new_page, private_storage
):
    enrollment = trainee_in(program_with_hands_on(), full_legal_name="Robin Trainee Diaz")
    supervisor = enrollment.cohort.instructors.get()
    supervisor.full_legal_name = "Sam Supervisor"
    supervisor.save(update_fields=["full_legal_name"])

    trainee_page = new_page(enrollment.applicant)
    trainee_page.goto("/training/")
    sessions_bar = trainee_page.locator("[data-minimum='Verified sessions']")
    assert "0 of 3" in sessions_bar.inner_text()
    trainee_page.get_by_role("link", name="Log a session").click()
    trainee_page.get_by_label("Session date").fill(timezone.localdate().isoformat())
    trainee_page.get_by_label("Supervisor").select_option(label="Sam Supervisor")
    trainee_page.get_by_label("Duration minutes").fill("45")
    trainee_page.get_by_label("Model's age band").select_option("40-49")
    trainee_page.get_by_label("Model's sex").select_option("female")
    trainee_page.get_by_label("Fitzpatrick skin type").select_option(label="III")
    trainee_page.get_by_label("Glabellar lines (units)").fill("20")
    trainee_page.get_by_label("Treatment goal").select_option("soften_dynamic")
    trainee_page.get_by_label("Your role").select_option("performed")
    trainee_page.get_by_label("Product").fill("OnabotulinumtoxinA")
    trainee_page.get_by_label("Lot number").fill("C7781")
    trainee_page.get_by_label("Immediate outcome").fill("Tolerated well, no bleeding.")
    trainee_page.get_by_label("Reflection").fill("Marked the injection points before starting.")
    trainee_page.get_by_role("button", name="Submit for verification").click()
    trainee_page.get_by_text("Logged; it now waits for your supervisor's verification.").wait_for()

    instructor_page = new_page(supervisor)
    instructor_page.goto("/instructor/sessions/")
    instructor_page.locator("tr", has_text="Robin Trainee Diaz").get_by_role(
        "link", name="Review"
    ).click()
    for group in ["Injection technique", "Patient communication", "Aesthetic judgement"]:
        instructor_page.get_by_role("group", name=group).get_by_label("4").check()
    instructor_page.get_by_label("Comment").fill("Good depth and spacing.")
    instructor_page.get_by_role("button", name="Verify this session").click()
    instructor_page.get_by_text("Verified; the session now counts").wait_for()

    assert HandsOnSession.objects.get().status == HandsOnSession.Status.VERIFIED
    trainee_page.goto("/training/")
    assert "1 of 3" in sessions_bar.inner_text()
    assert trainee_page.locator("[data-status='verified']").count() == 1
