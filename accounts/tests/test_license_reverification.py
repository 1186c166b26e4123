"""A verified license near its expiry, or one whose holder reported a new license, goes back to
the review queue for re-verification; it stays verified meanwhile, and an admin clears it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.discipline import queue_expiring_for_reverification
from accounts.models import AuditEntry, MedicalLicense, ReviewStatus

from .factories import MedicalLicenseFactory, license_form_data, today

pytestmark = pytest.mark.django_db


def _queue(client, admin_user) -> str:
    client.force_login(admin_user)
    return client.get(reverse("accounts:review_queue")).content.decode()


def test_a_license_near_expiry_goes_back_to_the_queue_once(client, admin_user, settings):
    settings.LICENSE_REVERIFY_DAYS = 60
    near = MedicalLicenseFactory(verified=True, expires_on=today() + timedelta(days=30))
    far = MedicalLicenseFactory(verified=True, expires_on=today() + timedelta(days=200))

    assert queue_expiring_for_reverification() == 1
    assert queue_expiring_for_reverification() == 0

    near.refresh_from_db()
    assert near.status == ReviewStatus.VERIFIED
    assert near.reverify_requested_at is not None
    page = _queue(client, admin_user)
    assert f'data-queue-item="license-{near.pk}"' in page
    assert f'data-queue-item="license-{far.pk}"' not in page
    assert AuditEntry.objects.filter(action="license.reverification_requested").count() == 1


def test_an_admin_confirms_it_and_it_is_not_asked_again_for_the_same_expiry(
    client, admin_user, settings
):
    settings.LICENSE_REVERIFY_DAYS = 60
    license = MedicalLicenseFactory(verified=True, expires_on=today() + timedelta(days=30))
    queue_expiring_for_reverification()
    client.force_login(admin_user)

    client.post(reverse("accounts:reverify", args=[license.pk]), {"note": "Board site: active."})

    license.refresh_from_db()
    assert license.reverify_requested_at is None
    assert license.status == ReviewStatus.VERIFIED
    assert AuditEntry.objects.filter(action="license.reverified", actor=admin_user).exists()
    assert f'data-queue-item="license-{license.pk}"' not in _queue(client, admin_user)
    assert queue_expiring_for_reverification() == 0


def test_a_reported_new_license_puts_the_one_in_force_back_in_the_queue(
    client, applicant, admin_user, private_storage
):
    old = MedicalLicenseFactory(applicant=applicant, number="A123", verified=True)
    client.force_login(applicant)
    url = reverse("accounts:submit", args=["license"]) + f"?replaces={old.pk}"

    client.post(url, license_form_data(number="A123"))

    old.refresh_from_db()
    new = MedicalLicense.objects.exclude(pk=old.pk).get()
    assert old.status == ReviewStatus.VERIFIED
    assert old.reverify_requested_at is not None
    page = _queue(client, admin_user)
    assert f'data-queue-item="license-{old.pk}"' in page
    assert f'data-queue-item="license-{new.pk}"' in page
