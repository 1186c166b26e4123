"""The daily job expires what has passed its date and tells the applicant."""

from datetime import timedelta

import pytest

from accounts.models import AuditEntry, ReviewStatus
from accounts.services import expire_and_remind

from .factories import MedicalLicenseFactory, SupportingCredentialFactory, today


@pytest.mark.django_db
def test_it_expires_a_verified_license_past_its_date_and_emails_the_applicant(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    license = MedicalLicenseFactory(
        applicant=applicant, number="A123", verified=True, last_expiry_reminder_days=30
    )
    expiry = license.expires_on

    with django_capture_on_commit_callbacks(execute=True):
        on_the_day = expire_and_remind(today=expiry)
    with django_capture_on_commit_callbacks(execute=True):
        day_after = expire_and_remind(today=expiry + timedelta(days=1))

    assert on_the_day["licenses_expired"] == 0
    assert day_after["licenses_expired"] == 1
    license.refresh_from_db()
    assert license.status == ReviewStatus.EXPIRED
    entry = AuditEntry.objects.get(action="license.expired")
    assert (entry.actor, entry.target_id, entry.from_state, entry.to_state) == (
        None,
        str(license.pk),
        ReviewStatus.VERIFIED,
        ReviewStatus.EXPIRED,
    )
    [mail] = mailoutbox
    assert mail.to == [applicant.email]
    assert mail.subject == "Physician (MD/DO) A123 has expired"


@pytest.mark.django_db
def test_it_expires_only_once_when_run_twice(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    license = MedicalLicenseFactory(applicant=applicant, verified=True)
    day_after = license.expires_on + timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        first = expire_and_remind(today=day_after)
        second = expire_and_remind(today=day_after)

    assert (first["licenses_expired"], second["licenses_expired"]) == (1, 0)
    assert AuditEntry.objects.filter(action="license.expired").count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_it_expires_a_pending_license_without_email(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    license = MedicalLicenseFactory(applicant=applicant)

    with django_capture_on_commit_callbacks(execute=True):
        expire_and_remind(today=license.expires_on + timedelta(days=1))

    license.refresh_from_db()
    assert license.status == ReviewStatus.EXPIRED
    assert mailoutbox == []


@pytest.mark.django_db
def test_it_expires_a_certification_past_its_date(applicant):
    bls = SupportingCredentialFactory(applicant=applicant, bls=True, verified=True)
    ce = SupportingCredentialFactory(applicant=applicant, verified=True)  # CE has no expiry

    counts = expire_and_remind(today=bls.expires_on + timedelta(days=1))

    assert counts["credentials_expired"] == 1
    bls.refresh_from_db()
    ce.refresh_from_db()
    assert (bls.status, ce.status) == (ReviewStatus.EXPIRED, ReviewStatus.VERIFIED)


@pytest.mark.django_db
def test_it_leaves_decided_and_unexpired_items_alone(applicant):
    rejected = MedicalLicenseFactory(applicant=applicant, status=ReviewStatus.REJECTED)
    current = MedicalLicenseFactory(
        applicant=applicant, verified=True, expires_on=today() + timedelta(days=400)
    )

    expire_and_remind(today=rejected.expires_on + timedelta(days=1))

    rejected.refresh_from_db()
    current.refresh_from_db()
    assert (rejected.status, current.status) == (ReviewStatus.REJECTED, ReviewStatus.VERIFIED)
