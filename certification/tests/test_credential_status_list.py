"""Revocation and suspension are published as signed Bitstring Status Lists computed from the
certificates: revoking sets the revocation bit, reinstating clears it, a lapsed license sets
the suspension bit, and the lists agree with the public verification page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from joserfc import jwt

from accounts import services as account_services
from accounts.models import ReviewStatus
from certification import credential_status, credentials
from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)
from .credential_keys import published, signing_key  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("certificate_storage", "signing_key"),
]


def _entry(certificate, purpose):
    claims = credentials.open_badge(certificate)
    return next(e for e in claims["credentialStatus"] if e["statusPurpose"] == purpose)


def _bit(client, certificate, purpose) -> bool:
    """The bit as a verifier reads it: fetch the list at the entry's URL, check its signature
    with the published key, decode the bitstring."""
    entry = _entry(certificate, purpose)
    response = client.get(entry["statusListCredential"].removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    claims = jwt.decode(response.content.decode(), published(client).keys[0]).claims
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert claims["issuer"] == claims["iss"] == credentials.issuer_did()
    subject = claims["credentialSubject"]
    assert subject["statusPurpose"] == purpose
    bits = credential_status.decode(subject["encodedList"])
    assert len(bits) * 8 == credential_status.LIST_SIZE
    return credential_status.bit_is_set(bits, int(entry["statusListIndex"]))


def test_the_revocation_bit_flips_on_revoke_and_back_on_reinstate(
    client, admin_user, django_capture_on_commit_callbacks
):
    certificate = issued_certificate()
    bystander = issued_certificate()
    assert not _bit(client, certificate, "revocation")  # and now the list is cached
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("certification:staff_revoke", args=[certificate.pk]),
            {"reason": "License obtained by fraud", "confirmed": "1"},
        )

    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.REVOKED
    assert _bit(client, certificate, "revocation")
    assert not _bit(client, certificate, "suspension")
    assert not _bit(client, bystander, "revocation")
    assert credentials.verify(credentials.sign(credentials.open_badge(certificate))).status == (
        "revoked"
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("certification:staff_reinstate", args=[certificate.pk]),
            {"reason": "The fraud report concerned another person"},
        )

    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.ISSUED
    assert not _bit(client, certificate, "revocation")


def test_the_suspension_bit_follows_the_holders_license(client, django_capture_on_commit_callbacks):
    certificate = issued_certificate()
    assert not _bit(client, certificate, "suspension")
    license = certificate.holder.medical_licenses.get()
    license.expires_on = timezone.localdate() - timedelta(days=1)
    license.save(update_fields=["expires_on"])

    # The daily job expires it with a conditional update (no post_save); its audit entry
    # is what makes the cached list stale.
    with django_capture_on_commit_callbacks(execute=True):
        account_services.expire_and_remind()

    assert certificate.holder.medical_licenses.get().status == ReviewStatus.EXPIRED
    assert certificate.public_status() == Certificate.PublicStatus.SUSPENDED
    assert _bit(client, certificate, "suspension")
    assert not _bit(client, certificate, "revocation")


def test_the_lists_agree_with_the_public_page(client, admin_user):
    from certification import services

    today = timezone.localdate()
    valid = issued_certificate()
    suspended = issued_certificate()
    suspended.holder.medical_licenses.update(status=ReviewStatus.EXPIRED)
    revoked = issued_certificate()
    services.revoke_certificate(certificate=revoked, actor=admin_user, reason="Misconduct")
    expired = issued_certificate(
        issued_on=today - timedelta(days=800), expires_on=today - timedelta(days=1)
    )
    expired.holder.medical_licenses.update(status=ReviewStatus.EXPIRED)
    expected = {
        valid.pk: (False, False),
        suspended.pk: (False, True),
        revoked.pk: (True, False),
        expired.pk: (False, False),  # out of its dates: exp says so, not a status bit
    }

    for certificate in Certificate.objects.filter(pk__in=expected):
        bits = (_bit(client, certificate, "revocation"), _bit(client, certificate, "suspension"))
        assert bits == expected[certificate.pk], certificate.public_status()


def test_unknown_lists_are_not_found(client):
    assert client.get("/credentials/status/revocation/0").status_code == 200
    assert client.get("/credentials/status/revocation/1").status_code == 404
    assert client.get("/credentials/status/approval/0").status_code == 404
    assert client.post("/credentials/status/revocation/0").status_code == 405


def test_a_status_list_is_served_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        credentials.open_badge(issued_certificate())

    with django_assert_max_num_queries(3):
        client.get("/credentials/status/suspension/0")


def test_a_position_taken_meanwhile_is_not_shared(monkeypatch):
    """Two certificates drawing the same position: the unique column refuses the second, which
    draws again (the draw is forced here; the refusal and the retry are the real ones)."""
    first, second = issued_certificate(), issued_certificate()
    draws = iter([17, 17, 42])
    monkeypatch.setattr(credential_status.secrets, "randbelow", lambda _: next(draws))

    assert credential_status.allocate_index(first) == 17
    assert credential_status.allocate_index(second) == 42
    assert credential_status.allocate_index(second) == 42  # once allocated, kept
    assert Certificate.objects.get(pk=second.pk).status_list_index == 42


def test_the_suspension_bit_follows_a_boards_discipline_and_its_lift(client, admin_user):
    """Also for a holder with a second license still current: the public page reads any license
    under discipline as suspending, and so must the list."""
    from accounts import discipline
    from accounts.tests.factories import MedicalLicenseFactory

    certificate = issued_certificate()
    disciplined = certificate.holder.medical_licenses.get()
    MedicalLicenseFactory(applicant=certificate.holder, verified=True)
    board = {"source": "Medical Board of California", "action_date": timezone.localdate()}
    assert not _bit(client, certificate, "suspension")  # and now the list is cached

    discipline.suspend_license(license=disciplined, actor=admin_user, reason="Order.", **board)

    assert certificate.public_status() == Certificate.PublicStatus.SUSPENDED
    assert _bit(client, certificate, "suspension")
    assert not _bit(client, certificate, "revocation")

    discipline.lift_suspension(license=disciplined, actor=admin_user, reason="Lifted.", **board)

    assert not _bit(client, certificate, "suspension")
