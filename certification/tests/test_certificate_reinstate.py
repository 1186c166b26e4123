"""A program admin reinstates a revoked certificate with a reason: audited, the holder told,
the public page valid again; one certificate in force per holder and program still holds."""

import pytest
from django.urls import reverse

from accounts.errors import DomainError
from accounts.models import AuditEntry
from certification import decisions, services
from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
Status = Certificate.Status


def revoked_certificate(admin_user, **fields):
    certificate = issued_certificate(**fields)
    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Wrong holder")
    certificate.refresh_from_db()
    return certificate


def _reinstate(client, certificate, reason="Revoked by mistake: the complaint was withdrawn"):
    return client.post(
        reverse("certification:staff_reinstate", args=[certificate.pk]), {"reason": reason}
    )


def test_it_reinstates_audited_with_the_holder_mailed_and_the_page_valid_again(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = revoked_certificate(admin_user)
    mailoutbox.clear()
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = _reinstate(client, certificate)

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Status.ISSUED
    assert (certificate.revoked_at, certificate.revocation_reason) == (None, "")
    entry = AuditEntry.objects.get(action="certificate.reinstated", target_id=str(certificate.pk))
    assert (entry.actor, entry.from_state, entry.to_state) == (admin_user, "revoked", "issued")
    assert entry.reason == "Revoked by mistake: the complaint was withdrawn"
    assert entry.data["revocation_reason"] == "Wrong holder"
    assert [m.to for m in mailoutbox] == [[certificate.holder.email]]
    assert "valid again" in mailoutbox[0].subject
    verify = client.get(reverse("certification:verify", args=[certificate.verification_code]))
    assert 'data-certificate-status="valid"' in verify.content.decode()


def test_it_requires_a_reason(client, admin_user):
    certificate = revoked_certificate(admin_user)
    client.force_login(admin_user)

    _reinstate(client, certificate, reason=" ")

    certificate.refresh_from_db()
    assert certificate.status == Status.REVOKED


def test_only_a_revoked_certificate_is_reinstated(client, admin_user):
    certificate = issued_certificate()
    client.force_login(admin_user)

    response = _reinstate(client, certificate)

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="certificate.reinstated").exists()


def test_only_a_program_admin_reinstates(client, admin_user, instructor):
    certificate = revoked_certificate(admin_user)
    client.force_login(instructor)

    response = _reinstate(client, certificate)

    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Status.REVOKED


def test_it_refuses_while_another_certificate_of_the_program_is_in_force(admin_user):
    certificate = revoked_certificate(admin_user)
    issued_certificate(holder=certificate.holder, program=certificate.program)

    with pytest.raises(DomainError, match="one certificate in force"):
        decisions.reinstate_certificate(certificate=certificate, actor=admin_user, reason="Mistake")

    certificate.refresh_from_db()
    assert certificate.status == Status.REVOKED
    assert Certificate.objects.filter(holder=certificate.holder, status=Status.ISSUED).count() == 1


def test_the_staff_page_offers_reinstatement_for_a_revoked_certificate(client, admin_user):
    certificate = revoked_certificate(admin_user)
    client.force_login(admin_user)

    response = client.get(reverse("certification:staff_certificate", args=[certificate.pk]))

    assert reverse("certification:staff_reinstate", args=[certificate.pk]) in (
        response.content.decode()
    )
