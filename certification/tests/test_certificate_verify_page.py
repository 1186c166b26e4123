"""The public page says valid, expired, suspended or revoked, with the holder's name, the
program and the dates, and nothing else personal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReviewStatus
from certification import services
from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _page(client, certificate):
    return client.get(reverse("certification:verify", args=[certificate.verification_code]))


def test_it_shows_a_valid_certificate_with_only_the_public_facts(client, admin_user):
    certificate = issued_certificate()
    holder = certificate.holder

    response = _page(client, certificate)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-certificate-status="valid"' in page
    for shown in (
        certificate.snapshot["holder_name"],
        certificate.snapshot["program_name"],
        certificate.snapshot["accreditation_number"],
        certificate.number,
        f"{certificate.issued_on:%-d %B %Y}",
        f"{certificate.expires_on:%-d %B %Y}",
    ):
        assert shown in page
    for private in (holder.email, certificate.snapshot["license_number"], certificate.sha256):
        assert private not in page
    assert "no-store" in response["Cache-Control"]


def test_it_shows_an_expired_certificate_as_expired(client):
    today = timezone.localdate()
    certificate = issued_certificate(
        issued_on=today - timedelta(days=800), expires_on=today - timedelta(days=1)
    )

    assert 'data-certificate-status="expired"' in _page(client, certificate).content.decode()


def test_it_shows_the_certificate_suspended_while_the_holders_license_is_expired(client):
    certificate = issued_certificate()
    certificate.holder.medical_licenses.update(status=ReviewStatus.EXPIRED)

    page = _page(client, certificate).content.decode()

    assert 'data-certificate-status="suspended"' in page
    assert "license is not currently verified" in page


def test_a_revocation_shows_at_once(client, admin_user):
    certificate = issued_certificate()
    _page(client, certificate)  # seen valid a moment ago

    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Forged exam")

    page = _page(client, certificate).content.decode()
    assert 'data-certificate-status="revoked"' in page
    assert "Forged exam" not in page  # the reason stays between the holder and the admins


def test_a_pending_or_unknown_code_is_not_found(client):
    certificate = issued_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.PENDING)

    assert _page(client, certificate).status_code == 404
    assert client.get("/verify/not-a-code/").status_code == 404


def test_the_code_is_long_and_random():
    first, second = issued_certificate(), issued_certificate()

    assert len(first.verification_code) >= 32
    assert first.verification_code != second.verification_code
