"""From 90 days before expiry (or after it) a holder whose qualifications are current renews:
a new certificate, new number, new expiry, which replaces the old one once issued."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReviewStatus
from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
Status = Certificate.Status


def _expiring_in(days):
    today = timezone.localdate()
    return issued_certificate(
        issued_on=today - timedelta(days=700), expires_on=today + timedelta(days=days)
    )


def _renew(client, certificate):
    client.force_login(certificate.holder)
    return client.post(reverse("certification:renew", args=[certificate.pk]), follow=True)


def test_it_renews_within_90_days_and_the_renewal_replaces_the_old_one(
    client, django_capture_on_commit_callbacks
):
    old = _expiring_in(60)

    with django_capture_on_commit_callbacks(execute=True):
        response = _renew(client, old)

    assert "is being prepared" in response.content.decode()
    new = Certificate.objects.exclude(pk=old.pk).get(holder=old.holder)
    old.refresh_from_db()
    assert (old.status, new.status) == (Status.SUPERSEDED, Status.ISSUED)
    assert new.number != old.number and new.renews == old
    assert new.issued_on == timezone.localdate()
    assert new.expires_on == old.expires_on.replace(year=old.expires_on.year + 2)
    verify = client.get(reverse("certification:verify", args=[old.verification_code]))
    assert 'data-certificate-status="superseded"' in verify.content.decode()


def test_it_renews_after_expiry(client, django_capture_on_commit_callbacks):
    old = _expiring_in(-10)

    with django_capture_on_commit_callbacks(execute=True):
        _renew(client, old)

    new = Certificate.objects.get(holder=old.holder, status=Status.ISSUED)
    assert new.expires_on > timezone.localdate()


def test_it_refuses_before_the_window_opens(client):
    old = _expiring_in(200)

    response = _renew(client, old)

    assert "Renewal opens on" in response.content.decode()
    assert Certificate.objects.filter(holder=old.holder).count() == 1


def test_it_needs_current_qualifications(client):
    old = _expiring_in(30)
    old.holder.medical_licenses.update(status=ReviewStatus.EXPIRED)

    response = _renew(client, old)

    assert "Renewal needs your qualifications to be current first" in response.content.decode()
    assert Certificate.objects.filter(holder=old.holder).count() == 1


def test_someone_else_cannot_renew_it(client, applicant):
    old = _expiring_in(30)
    client.force_login(applicant)

    response = client.post(reverse("certification:renew", args=[old.pk]))

    assert response.status_code == 404
