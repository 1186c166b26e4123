"""Scheduling a sitting: only for a candidate who meets the hands-on minimums, on the
rubric's current version, one open sitting at a time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import AuditEntry
from exams.models import PracticalSitting
from programs.selectors import hands_on_status
from programs.tests.factories import (
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

from .factories import rubric, sitting

pytestmark = pytest.mark.django_db


def schedule(client, candidate, exam_rubric, **overrides):
    start = timezone.localtime() + timedelta(days=7)
    data = {
        "candidate_email": candidate.email,
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


def test_a_candidate_below_the_hands_on_minimums_is_refused_with_what_is_missing(
    client, admin_user
):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    candidate = trainee_in(program).applicant
    client.force_login(admin_user)

    response = schedule(client, candidate, exam_rubric)

    html = response.content.decode()
    assert "has not met the hands-on minimums" in html
    missing = hands_on_status(candidate, program).missing
    assert missing and all(escape(point) in html for point in missing)
    assert not PracticalSitting.objects.exists()


def test_a_candidate_with_a_sitting_awaiting_its_result_is_refused(client, admin_user):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    candidate = trainee_with_hands_on_complete(program).applicant
    sitting(rubric_=exam_rubric, candidate=candidate)
    client.force_login(admin_user)

    response = schedule(client, candidate, exam_rubric)

    assert "already has a practical exam awaiting its result" in response.content.decode()
    assert PracticalSitting.objects.count() == 1


def test_an_unknown_email_is_refused(client, admin_user):
    exam_rubric = rubric()
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:sitting_new"),
        {"candidate_email": "nobody@example.test", "rubric": exam_rubric.pk},
    )

    assert "Nobody has an account with this e-mail address." in response.content.decode()
    assert not PracticalSitting.objects.exists()


def test_only_admins_schedule(client, examiner):
    client.force_login(examiner)

    assert client.get(reverse("exams:sitting_new")).status_code == 403
    assert client.get(reverse("exams:sittings")).status_code == 403
