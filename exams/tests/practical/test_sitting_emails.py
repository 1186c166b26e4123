"""The candidate and each examiner get an e-mail with an .ics invitation when a sitting is
scheduled (an examiner when assigned), and again when it is moved or cancelled: one UID,
METHOD:REQUEST then CANCEL, SEQUENCE raised each time."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from exams.models import PracticalSitting
from programs.tests.factories import program_with_hands_on, trainee_with_hands_on_complete

from .factories import examiner_user, rubric
from .ics import invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(client, admin_user, django_capture_on_commit_callbacks):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    enrollment = trainee_with_hands_on_complete(program)
    start = timezone.localtime() + timedelta(days=7)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("exams:sitting_new"),
            {
                "enrollment": enrollment.pk,
                "rubric": exam_rubric.pk,
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": "45",
                "place": "Clinic room 3, Main St; 2nd floor",
            },
        )
    return PracticalSitting.objects.get(candidate=enrollment.applicant)


def test_the_candidate_gets_an_invitation_when_scheduled(scheduled):
    (message,) = mail.outbox
    assert message.to == [scheduled.candidate.email]
    assert "Practical exam" in message.subject
    assert "Clinic room 3" in message.body and "photo ID" in message.body
    event = invitation(message)
    assert event["METHOD"] == "REQUEST"
    assert event["UID"] == scheduled.calendar_uid
    assert event["SEQUENCE"] == "0"
    assert event["DTSTART"] == scheduled.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == scheduled.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["LOCATION"] == "Clinic room 3\\, Main St\\; 2nd floor"


def test_each_examiner_gets_one_when_assigned(
    client, scheduled, django_capture_on_commit_callbacks
):
    examiner = examiner_user()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exams:sitting_assign", args=[scheduled.pk]), {"examiner": examiner.pk})

    (message,) = mail.outbox
    assert message.to == [examiner.email]
    assert invitation(message)["UID"] == scheduled.calendar_uid


def test_moving_sends_a_new_request_with_a_higher_sequence(
    client, scheduled, django_capture_on_commit_callbacks
):
    examiner = examiner_user()
    client.post(reverse("exams:sitting_assign", args=[scheduled.pk]), {"examiner": examiner.pk})
    mail.outbox.clear()
    new_start = timezone.localtime() + timedelta(days=9)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("exams:sitting_reschedule", args=[scheduled.pk]),
            {
                "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": "60",
                "place": "Room 5",
            },
        )

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [scheduled.candidate.email, examiner.email]
    )
    for message in mail.outbox:
        event = invitation(message)
        assert message.subject.startswith("Moved")
        assert (event["METHOD"], event["UID"], event["SEQUENCE"]) == (
            "REQUEST",
            scheduled.calendar_uid,
            "1",
        )
        assert event["LOCATION"] == "Room 5"


def test_cancelling_sends_a_cancel_with_the_same_uid(
    client, scheduled, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("exams:sitting_cancel", args=[scheduled.pk]), {"reason": "Examiner is ill."}
        )

    (message,) = mail.outbox
    event = invitation(message)
    assert (event["METHOD"], event["STATUS"], event["UID"], event["SEQUENCE"]) == (
        "CANCEL",
        "CANCELLED",
        scheduled.calendar_uid,
        "1",
    )
    assert "Examiner is ill." in message.body
