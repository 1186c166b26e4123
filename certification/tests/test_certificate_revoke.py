"""A program admin revokes with a reason: audited, the holder told, the public page at once."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _revoke(client, certificate, reason="Exam misconduct established"):
    return client.post(
        reverse("certification:staff_revoke", args=[certificate.pk]),
        {"reason": reason, "confirmed": "1"},
    )


def test_it_revokes_with_the_reason_audited_and_the_holder_mailed(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = issued_certificate()
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = _revoke(client, certificate)

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == admin_user
    entry = AuditEntry.objects.get(action="certificate.revoked", target_id=str(certificate.pk))
    assert (entry.actor, entry.from_state, entry.to_state) == (admin_user, "issued", "revoked")
    assert entry.reason == "Exam misconduct established"
    assert [m.to for m in mailoutbox] == [[certificate.holder.email]]
    assert "Exam misconduct established" in mailoutbox[0].body
    verify = client.get(reverse("certification:verify", args=[certificate.verification_code]))
    assert 'data-certificate-status="revoked"' in verify.content.decode()


def test_it_requires_a_reason(client, admin_user):
    certificate = issued_certificate()
    client.force_login(admin_user)

    response = _revoke(client, certificate, reason="  ")

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_a_revoked_certificate_cannot_be_revoked_again(client, admin_user):
    certificate = issued_certificate()
    client.force_login(admin_user)
    _revoke(client, certificate)

    response = _revoke(client, certificate, reason="again")

    assert "it cannot be revoked" in client.get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="certificate.revoked").count() == 1


def test_only_program_admins_may_revoke(client):
    certificate = issued_certificate()
    client.force_login(certificate.holder)

    assert _revoke(client, certificate).status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_it_rejects_get(client, admin_user):
    certificate = issued_certificate()
    client.force_login(admin_user)

    response = client.get(reverse("certification:staff_revoke", args=[certificate.pk]))

    assert response.status_code == 405


def test_revoking_asks_first_and_changes_nothing_until_confirmed(client, admin_user, mailoutbox):
    certificate = issued_certificate()
    client.force_login(admin_user)
    url = reverse("certification:staff_revoke", args=[certificate.pk])

    response = client.post(url, {"reason": "Exam misconduct established"})

    page = response.content.decode()
    assert f"Revoke certificate {certificate.number}" in page
    assert "Yes, revoke the certificate" in page
    assert "Reason shown: Exam misconduct established" in page
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert not AuditEntry.objects.filter(action="certificate.revoked").exists()

    client.post(url, {"reason": "Exam misconduct established", "confirmed": "1"})

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
