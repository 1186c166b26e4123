"""Scheduling a sitting: only for a candidate who meets the hands-on minimums, on the
rubric's current version, one open sitting at a time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from accounts.models import AuditEntry
from exams.models import PracticalSitting
from exams.services import practical as services
from programs.models import Enrollment
from programs.selectors import hands_on_status
from programs.tests.factories import (
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

from .factories import rubric, sitting

pytestmark = pytest.mark.django_db


def schedule(client, candidate, exam_rubric, **overrides):
    """Post the schedule form, the candidate picked from the ready queue (their enrollment)."""
    start = timezone.localtime() + timedelta(days=7)
    enrollment = Enrollment.objects.filter(applicant=candidate).first()
    data = {
        "enrollment": enrollment.pk if enrollment else "",
        "rubric": exam_rubric.pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "45",
        "place": "Clinic room 3",
        **overrides,
    }
    return client.post(reverse("exams:sitting_new"), data, follow=True)


def test_an_admin_schedules_a_sitting_for_a_candidate_who_met_the_minimums(client, admin_user):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    candidate = trainee_with_hands_on_complete(program).applicant
    client.force_login(admin_user)

    response = schedule(client, candidate, exam_rubric)

    created = PracticalSitting.objects.get(candidate=candidate)
    assert "Sitting scheduled" in response.content.decode()
    assert created.rubric_version == exam_rubric.versions.get()
    assert created.ends_at - created.starts_at == timedelta(minutes=45)
    assert AuditEntry.objects.filter(action="sitting.scheduled", actor=admin_user).exists()


def test_a_candidate_below_the_hands_on_minimums_is_not_offered(client, admin_user):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    candidate = trainee_in(program).applicant
    client.force_login(admin_user)

    response = schedule(client, candidate, exam_rubric)

    assert response.redirect_chain == [(reverse("exams:practical_ready_queue"), 302)]
    assert "That candidate is no longer waiting for a sitting" in response.content.decode()
    assert not PracticalSitting.objects.exists()


def test_the_service_refuses_a_candidate_below_the_minimums_with_what_is_missing(admin_user):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    candidate = trainee_in(program).applicant

    with pytest.raises(DomainError, match="has not met the hands-on minimums") as refusal:
        services.schedule_sitting(
            candidate=candidate,
            rubric=exam_rubric,
            starts_at=timezone.now() + timedelta(days=7),
            duration_minutes=45,
            place="Clinic room 3",
            actor=admin_user,
        )

    missing = hands_on_status(candidate, program).missing
    assert missing and all(point in str(refusal.value) for point in missing)
    assert not PracticalSitting.objects.exists()


def test_a_candidate_with_a_sitting_awaiting_its_result_is_refused(client, admin_user):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    candidate = trainee_with_hands_on_complete(program).applicant
    sitting(rubric_=exam_rubric, candidate=candidate)
    client.force_login(admin_user)

    response = schedule(client, candidate, exam_rubric)

    # Off the ready queue, so not offered; and the service refuses it too.
    assert response.redirect_chain == [(reverse("exams:practical_ready_queue"), 302)]
    assert "That candidate is no longer waiting for a sitting" in response.content.decode()
    with pytest.raises(DomainError, match="already has a practical exam awaiting its result"):
        services.schedule_sitting(
            candidate=candidate,
            rubric=exam_rubric,
            starts_at=timezone.now() + timedelta(days=7),
            duration_minutes=45,
            place="Clinic room 3",
            actor=admin_user,
        )
    assert PracticalSitting.objects.count() == 1


def test_a_candidate_not_in_the_ready_queue_is_refused(client, admin_user):
    exam_rubric = rubric()
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:sitting_new"),
        {"enrollment": "999999", "rubric": exam_rubric.pk},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("exams:practical_ready_queue"), 302)]
    assert "Nothing was scheduled. That candidate is no longer waiting" in (
        response.content.decode()
    )
    assert not PracticalSitting.objects.exists()


def test_only_admins_schedule(client, examiner):
    client.force_login(examiner)

    assert client.get(reverse("exams:sitting_new")).status_code == 403
    assert client.get(reverse("exams:sittings")).status_code == 403
