"""The admins' pipeline: trainees counted at the step they stand at, filtered, listed."""

import pytest
from django.urls import reverse

from certification import pipeline
from programs.models import Enrollment
from programs.tests.factories import (
    CohortFactory,
    complete_theory,
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

pytestmark = pytest.mark.django_db
PIPELINE = reverse("certification:pipeline")


@pytest.fixture(autouse=True)
def _documents(private_storage):
    return private_storage


def counts(response):
    return {step.number: step.count for step in response.context["counts"]}


def test_it_stores_the_first_step_not_complete():
    program = program_with_hands_on()
    fresh = trainee_in(program)
    theory_done = complete_theory(trainee_in(program))
    ready = trainee_with_hands_on_complete(program)
    for enrollment in (fresh, theory_done, ready):
        pipeline.refresh_pathway_step(applicant=enrollment.applicant)
    steps = dict(Enrollment.objects.values_list("pk", "pathway_step"))
    assert (steps[fresh.pk], steps[theory_done.pk], steps[ready.pk]) == (2, 3, 4)


def test_a_completed_module_moves_the_trainee_on_at_once():
    from django.utils import timezone

    from programs import services

    enrollment = trainee_in(program_with_hands_on())
    instructor = enrollment.cohort.instructors.get()
    modules = list(enrollment.program.modules.all())
    for module in modules:
        services.record_module_completion(
            enrollment=enrollment,
            module=module,
            actor=instructor,
            attended=True,
            passed_assessment=True,
            completed_on=timezone.localdate(),
        )
    enrollment.refresh_from_db()
    assert enrollment.pathway_step == 3


def test_the_nightly_pass_catches_a_step_lost_since():
    enrollment = complete_theory(trainee_in(program_with_hands_on()))
    pipeline.refresh_pathway_step(applicant=enrollment.applicant)
    enrollment.applicant.medical_licenses.update(status="expired")
    assert pipeline.refresh_all_pathway_steps() == 1
    enrollment.refresh_from_db()
    assert enrollment.pathway_step == 1


def test_the_page_counts_each_step_and_filters_by_step_program_and_cohort(client, admin_user):
    program = program_with_hands_on()
    other = trainee_in(program_with_hands_on())
    ready = trainee_with_hands_on_complete(program)
    fresh = trainee_in(program)
    for enrollment in (other, ready, fresh):
        pipeline.refresh_pathway_step(applicant=enrollment.applicant)
    client.force_login(admin_user)

    assert counts(client.get(PIPELINE))[2] == 2
    by_program = client.get(PIPELINE, {"program": program.pk})
    assert (counts(by_program)[2], counts(by_program)[4]) == (1, 1)
    at_step_4 = client.get(PIPELINE, {"step": 4}).content.decode()
    assert f'data-enrollment="{ready.pk}"' in at_step_4
    assert f'data-enrollment="{fresh.pk}"' not in at_step_4
    by_cohort = client.get(PIPELINE, {"cohort": fresh.cohort.pk}).content.decode()
    assert by_cohort.count("data-enrollment=") == 1


def test_only_program_admins_see_the_pipeline(client, applicant, instructor):
    for user in (applicant, instructor):
        client.force_login(user)
        assert client.get(PIPELINE).status_code == 403


def test_the_page_keeps_a_constant_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    cohort = CohortFactory(program=program_with_hands_on(), capacity=100)
    client.force_login(admin_user)
    trainee_in(cohort.program)
    with django_assert_max_num_queries(20) as few:
        client.get(PIPELINE)
    for _ in range(10):
        trainee_in(cohort.program)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(PIPELINE)
    assert response.content.decode().count("data-enrollment=") == 11


def test_the_nightly_task_is_scheduled_and_refreshes(settings):
    from certification.tasks import refresh_pathway_steps

    entry = settings.CELERY_BEAT_SCHEDULE["refresh-pathway-steps"]
    assert entry["task"] == "certification.tasks.refresh_pathway_steps"
    enrollment = complete_theory(trainee_in(program_with_hands_on()))
    assert refresh_pathway_steps.delay().get() == 1
    enrollment.refresh_from_db()
    assert enrollment.pathway_step == 3


def test_the_nightly_pass_also_rechecks_the_ready_queues_read_model():
    """Sessions written behind the services' back (an import, a seed) are found by the nightly
    pass: `hands_on_met_at` is set by the same rule the services apply."""
    from certification.pipeline import refresh_all_pathway_steps
    from programs.models import Enrollment
    from programs.tests.factories import trainee_with_hands_on_complete

    enrollment = trainee_with_hands_on_complete(program_with_hands_on())
    Enrollment.objects.filter(pk=enrollment.pk).update(hands_on_met_at=None)

    refresh_all_pathway_steps()

    enrollment.refresh_from_db()
    assert enrollment.hands_on_met_at is not None
