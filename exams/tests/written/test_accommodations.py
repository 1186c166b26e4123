"""Accommodations: a program admin grants extra time or an extra attempt, with an audit entry."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.errors import DomainError
from accounts.models import AuditEntry
from exams.models import Accommodation
from exams.services.written import grant_accommodation, start_attempt, submit_attempt

from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db


def test_an_admin_grants_extra_time_through_the_page_and_it_is_audited(client, admin_user):
    exam = exam_with_bank(questions=2, time_limit_minutes=30)
    candidate = candidate_for(exam)
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_accommodations", args=[exam.pk]),
        {
            "candidate": candidate.email,
            "extra_minutes": "15",
            "extra_attempts": "0",
            "reason": "Dyslexia assessment on file",
        },
        follow=True,
    )

    assert "Accommodation granted" in response.content.decode()
    entry = AuditEntry.objects.get(action="written_accommodation.granted")
    assert entry.actor == admin_user
    assert entry.reason == "Dyslexia assessment on file"
    attempt = start_attempt(exam=exam, candidate=candidate)
    assert attempt.deadline - attempt.started_at == timedelta(minutes=45)


def test_extra_time_extends_an_attempt_in_progress(admin_user):
    exam = exam_with_bank(questions=2, time_limit_minutes=30)
    candidate = candidate_for(exam)
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=UTC), tick=False):
        attempt = start_attempt(exam=exam, candidate=candidate)
        grant_accommodation(
            exam=exam,
            candidate=candidate,
            extra_minutes=10,
            extra_attempts=0,
            reason="Fire alarm interrupted the sitting",
            actor=admin_user,
        )

    attempt.refresh_from_db()
    assert attempt.deadline == datetime(2026, 4, 1, 9, 40, tzinfo=UTC)
    assert AuditEntry.objects.filter(action="written_attempt.deadline_extended").exists()


def test_an_extra_attempt_allows_one_more(admin_user):
    exam = exam_with_bank(questions=2, attempts_allowed=1)
    candidate = candidate_for(exam)
    submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)
    with pytest.raises(DomainError):
        start_attempt(exam=exam, candidate=candidate)

    grant_accommodation(
        exam=exam,
        candidate=candidate,
        extra_minutes=0,
        extra_attempts=1,
        reason="Illness on the day, certificate provided",
        actor=admin_user,
    )

    assert start_attempt(exam=exam, candidate=candidate).number == 2


def test_it_needs_a_reason_and_something_to_grant(client, admin_user):
    exam = exam_with_bank(questions=2)
    candidate = candidate_for(exam)
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_accommodations", args=[exam.pk]),
        {"candidate": candidate.email, "extra_minutes": "0", "extra_attempts": "0", "reason": "x"},
    )

    assert "Grant extra minutes, extra attempts, or both." in response.content.decode()
    assert not Accommodation.objects.exists()


def test_only_program_admins_grant_accommodations(client, applicant, instructor):
    exam = exam_with_bank(questions=2)
    url = reverse("exams:written_accommodations", args=[exam.pk])
    client.force_login(instructor)
    data = {"candidate": applicant.email, "extra_minutes": "30", "extra_attempts": "0"}

    assert client.post(url, {**data, "reason": "please"}).status_code == 403
    assert not Accommodation.objects.exists()
