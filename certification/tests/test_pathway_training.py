"""Steps 2 and 3 of the pathway read the programs app's own selectors."""

import pytest
from django.urls import reverse

from certification.pathway import StepState, pathway_for
from programs.models import Enrollment
from programs.tests.factories import (
    HandsOnSessionFactory,
    complete_theory,
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _documents(private_storage):
    return private_storage


def states(applicant):
    return [step.state for step in pathway_for(applicant)]


def test_an_enrolled_trainee_has_steps_2_and_3_in_progress_side_by_side():
    enrollment = trainee_in(program_with_hands_on())
    HandsOnSessionFactory(enrollment=enrollment)
    steps = pathway_for(enrollment.applicant)
    assert [s.state for s in steps[:3]] == [
        StepState.COMPLETE,
        StepState.IN_PROGRESS,
        StepState.IN_PROGRESS,
    ]
    # Only the instructor records a module: the text says so, it never asks the trainee to.
    assert steps[1].missing[0] == (
        "Module 1: your instructor records this module once you attend and pass it"
    )
    assert steps[1].needs[0].who == "your instructor"
    assert (steps[1].done, steps[1].total) == (0, 3)


def test_step_2_completes_when_every_theory_module_is_complete():
    enrollment = complete_theory(trainee_in(program_with_hands_on()))
    step = pathway_for(enrollment.applicant)[1]
    assert step.state == StepState.COMPLETE
    assert (step.done, step.total) == (3, 3)


def test_an_applied_enrollment_does_not_count():
    enrollment = trainee_in(program_with_hands_on())
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.APPLIED)
    steps = pathway_for(enrollment.applicant)
    assert steps[1].state == StepState.IN_PROGRESS
    assert steps[1].missing == [f"your application to {enrollment.cohort} waits for approval"]
    assert steps[1].needs[0].who == "a program admin"
    assert steps[2].state == StepState.BLOCKED


def test_step_3_completes_with_the_hands_on_minimums_and_lists_what_is_missing():
    enrollment = trainee_in(program_with_hands_on())
    step = pathway_for(enrollment.applicant)[2]
    assert step.state == StepState.NOT_STARTED
    assert "verified sessions: 0 of 3" in step.missing
    ready = trainee_with_hands_on_complete()
    steps = pathway_for(ready.applicant)
    assert steps[2].state == StepState.COMPLETE
    assert steps[2].done == steps[2].total


def test_the_dashboard_shows_the_training_progress(client):
    enrollment = trainee_in(program_with_hands_on())
    client.force_login(enrollment.applicant)
    page = client.get(reverse("certification:dashboard")).content.decode()
    assert 'data-minimum="Verified sessions" data-percent="0"' in page
    assert reverse("programs:training") in page
