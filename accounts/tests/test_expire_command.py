"""`manage.py expire_licenses` runs the daily expiry and reminder job."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import ReviewStatus

from .factories import MedicalLicenseFactory, today


@pytest.mark.django_db
def test_it_expires_and_reminds_from_the_command_line(
    applicant, stranger, mailoutbox, django_capture_on_commit_callbacks
):
    expired = MedicalLicenseFactory(
        applicant=applicant, verified=True, expires_on=today() - timedelta(days=1)
    )
    expiring = MedicalLicenseFactory(
        applicant=stranger, number="B7", verified=True, expires_on=today() + timedelta(days=60)
    )
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_licenses", stdout=out)

    expired.refresh_from_db()
    expiring.refresh_from_db()
    assert expired.status == ReviewStatus.EXPIRED
    assert expiring.status == ReviewStatus.VERIFIED
    assert expiring.last_expiry_reminder_days == 60
    assert sorted(mail.to[0] for mail in mailoutbox) == [applicant.email, stranger.email]
    assert out.getvalue().strip() == "licenses expired: 1, credentials expired: 0, reminders: 1"
