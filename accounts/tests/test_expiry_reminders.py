"""Reminders go out 60 and 30 days before a verified license expires, once each."""

from datetime import timedelta

import pytest

from accounts.models import ReviewStatus
from accounts.services import expire_and_remind

from .factories import MedicalLicenseFactory, today


def _run(days_before_expiry, license, capture):
    with capture(execute=True):
        return expire_and_remind(today=license.expires_on - timedelta(days=days_before_expiry))


@pytest.mark.django_db
def test_it_reminds_at_60_and_30_days_exactly_once_each(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    license = MedicalLicenseFactory(
        applicant=applicant, number="A123", verified=True, expires_on=today() + timedelta(days=90)
    )
    capture = django_capture_on_commit_callbacks

    sent = {}
    for days in (61, 60, 60, 45, 31, 30, 30, 10, 1):
        before = len(mailoutbox)
        _run(days, license, capture)
        sent.setdefault(days, []).append(len(mailoutbox) - before)

    assert sent == {61: [0], 60: [1, 0], 45: [0], 31: [0], 30: [1, 0], 10: [0], 1: [0]}
    assert [mail.subject for mail in mailoutbox] == [
        "Your Physician (MD/DO) A123 expires in 60 days",
        "Your Physician (MD/DO) A123 expires in 30 days",
    ]
    assert {tuple(mail.to) for mail in mailoutbox} == {(applicant.email,)}


@pytest.mark.django_db
def test_it_sends_one_reminder_when_a_license_is_first_seen_inside_30_days(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    license = MedicalLicenseFactory(
        applicant=applicant, number="A123", verified=True, expires_on=today() + timedelta(days=90)
    )

    _run(20, license, django_capture_on_commit_callbacks)
    _run(20, license, django_capture_on_commit_callbacks)

    assert [mail.subject for mail in mailoutbox] == [
        "Your Physician (MD/DO) A123 expires in 20 days"
    ]


@pytest.mark.django_db
def test_it_does_not_remind_of_a_license_that_is_not_verified(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    license = MedicalLicenseFactory(applicant=applicant, status=ReviewStatus.UNDER_REVIEW)

    _run(30, license, django_capture_on_commit_callbacks)

    assert mailoutbox == []
