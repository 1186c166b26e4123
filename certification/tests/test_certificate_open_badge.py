"""An issued certificate exports as an Open Badges 3.0 credential pointing to its page."""

import json

import pytest
from django.urls import reverse

from certification import services

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _badge(client, certificate):
    return client.get(reverse("certification:certificate_badge", args=[certificate.pk]))


def test_it_exports_an_open_badge_credential_that_points_to_the_verification_page(client):
    certificate = issued_certificate()
    client.force_login(certificate.holder)

    response = _badge(client, certificate)

    assert response.status_code == 200
    credential = json.loads(response.content)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == services.verify_url(certificate)
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["validFrom"].startswith(certificate.issued_on.isoformat())
    assert credential["validUntil"].startswith(certificate.expires_on.isoformat())
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["name"] == certificate.snapshot["program_name"]
    assert subject["identifier"][0]["identityHash"] == certificate.snapshot["holder_name"]
    assert "proof" not in credential  # unsigned, by design for now


def test_an_admin_may_export_it_and_a_stranger_may_not(client, admin_user, stranger):
    certificate = issued_certificate()
    client.force_login(admin_user)
    assert _badge(client, certificate).status_code == 200

    client.force_login(stranger)
    assert _badge(client, certificate).status_code == 404


def test_a_revoked_certificate_is_not_exported(client, admin_user):
    certificate = issued_certificate()
    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Error")
    client.force_login(certificate.holder)

    assert _badge(client, certificate).status_code == 404
