"""From the cohort page a program admin approves, withdraws (with a reason) and marks an
enrollment completed, through the enrollment services; a refusal is shown as a message."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.tests.factories import qualified_applicant
from programs.models import Enrollment
from programs.tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    HandsOnSessionFactory,
    ProgramFactory,
    complete_theory,
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def act(client, name, enrollment, **data):
    return client.post(
        reverse(f"programs:staff_enrollment_{name}", args=[enrollment.pk]),
        {**data, "confirmed": "1"},
        follow=True,
    )


def test_it_approves_an_application_into_a_free_seat(client, admin_user):
    cohort = CohortFactory(program=ProgramFactory(approves_enrollment_automatically=False))
    enrollment = EnrollmentFactory(
        applicant=qualified_applicant(), cohort=cohort, status=Status.APPLIED
    )
    client.force_login(admin_user)

    response = act(client, "approve", enrollment)

    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED
    assert response.redirect_chain[-1][0] == reverse("programs:staff_cohort", args=[cohort.pk])


def test_it_waitlists_an_approved_application_when_the_cohort_is_full(client, admin_user):
    cohort = CohortFactory(capacity=1)
    EnrollmentFactory(applicant=qualified_applicant(), cohort=cohort)
    enrollment = EnrollmentFactory(
        applicant=qualified_applicant(), cohort=cohort, status=Status.APPLIED
    )
    client.force_login(admin_user)

    act(client, "approve", enrollment)

    enrollment.refresh_from_db()
    assert enrollment.status == Status.WAITLISTED


def test_approving_twice_is_refused_with_a_message(client, admin_user):
    enrollment = EnrollmentFactory(applicant=qualified_applicant())
    client.force_login(admin_user)

    response = act(client, "approve", enrollment)

    assert "This application is already enrolled." in response.content.decode()


def test_it_withdraws_with_the_reason_and_promotes_the_first_waiting(client, admin_user):
    cohort = CohortFactory(capacity=1)
    now = timezone.now()
    seated = EnrollmentFactory(applicant=qualified_applicant(), cohort=cohort, applied_at=now)
    second = EnrollmentFactory(
        applicant=qualified_applicant(), cohort=cohort, status=Status.WAITLISTED, applied_at=now
    )
    first = EnrollmentFactory(
        applicant=qualified_applicant(),
        cohort=cohort,
        status=Status.WAITLISTED,
        applied_at=now - timedelta(hours=1),
    )
    client.force_login(admin_user)

    act(client, "withdraw", seated, reason="Moved abroad")

    statuses = {e.pk: e.status for e in Enrollment.objects.filter(cohort=cohort)}
    assert statuses == {
        seated.pk: Status.WITHDRAWN,
        first.pk: Status.ENROLLED,
        second.pk: Status.WAITLISTED,
    }
    entry = AuditEntry.objects.get(action="enrollment.withdrawn")
    assert (entry.reason, entry.actor) == ("Moved abroad", admin_user)


def test_withdrawing_needs_a_reason(client, admin_user):
    enrollment = EnrollmentFactory(applicant=qualified_applicant())
    client.force_login(admin_user)

    response = act(client, "withdraw", enrollment, reason="   ")

    assert "Give the reason for the withdrawal" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED


def test_it_marks_completed_a_trainee_with_theory_and_hands_on_complete(client, admin_user):
    enrollment = trainee_with_hands_on_complete()
    client.force_login(admin_user)

    act(client, "complete", enrollment)

    enrollment.refresh_from_db()
    assert enrollment.status == Status.COMPLETED
    assert AuditEntry.objects.filter(action="enrollment.completed").exists()


def test_it_refuses_completion_while_theory_is_incomplete_naming_the_modules(client, admin_user):
    program = program_with_hands_on()
    enrollment = trainee_with_hands_on_complete(program)
    enrollment.module_completions.filter(module__title="Module 2").delete()
    client.force_login(admin_user)

    response = act(client, "complete", enrollment)

    assert "theory modules not complete (Module 2)" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED


def test_it_refuses_completion_while_the_hands_on_minimums_are_not_met(client, admin_user):
    program = program_with_hands_on()
    enrollment = complete_theory(trainee_in(program))
    HandsOnSessionFactory(enrollment=enrollment, verified=True)
    client.force_login(admin_user)

    response = act(client, "complete", enrollment)

    html = response.content.decode()
    assert "hands-on minimums not met (verified sessions: 1 of 3" in html
    assert "theory modules not complete" not in html
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED


def test_it_refuses_to_complete_an_enrollment_that_is_not_enrolled(client, admin_user):
    enrollment = EnrollmentFactory(applicant=qualified_applicant(), status=Status.WAITLISTED)
    client.force_login(admin_user)

    response = act(client, "complete", enrollment)

    assert "Only an enrolled trainee can complete the program." in response.content.decode()
