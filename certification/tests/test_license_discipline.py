"""A board's suspension or revocation of a verified license suspends every certificate of its
holder on the public page at once; lifting the suspension restores them. Through the real URLs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, LicenseAction, MedicalLicense, ReviewStatus

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _license_of(certificate) -> MedicalLicense:
    return MedicalLicense.objects.get(applicant=certificate.holder, status=ReviewStatus.VERIFIED)


def _act(client, license, action, **extra):
    data = {
        "action": action,
        "reason": "Order of the board pending an investigation.",
        "source": "Medical Board of California, order 2026-118",
        "action_date": timezone.localdate().isoformat(),
        "confirmed": "on",
        **extra,
    }
    return client.post(reverse("accounts:license_discipline", args=[license.pk]), data)


def _public_status(client, certificate) -> str:
    page = client.get(reverse("certification:verify", args=[certificate.verification_code]))
    assert page.status_code == 200
    return page.content.decode()


def test_it_suspends_the_certificate_on_the_public_page_and_tells_the_holder(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = issued_certificate()
    license = _license_of(certificate)
    assert 'data-certificate-status="valid"' in _public_status(client, certificate)

    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(client, license, "suspend")

    assert response.status_code == 302
    license.refresh_from_db()
    assert license.status == ReviewStatus.SUSPENDED
    action = LicenseAction.objects.get(license=license)
    assert (action.kind, action.by) == (LicenseAction.Kind.SUSPENDED, admin_user)
    entry = AuditEntry.objects.get(action="license.suspended")
    assert (entry.actor, entry.from_state, entry.to_state) == (admin_user, "verified", "suspended")
    assert [m.to for m in mailoutbox] == [[certificate.holder.email]]
    assert "pending an investigation" in mailoutbox[0].body
    client.logout()
    assert 'data-certificate-status="suspended"' in _public_status(client, certificate)


def test_lifting_the_suspension_restores_the_certificate(client, admin_user):
    certificate = issued_certificate()
    license = _license_of(certificate)
    client.force_login(admin_user)
    _act(client, license, "suspend")

    response = _act(client, license, "lift", reason="The board lifted its order.")

    assert response.status_code == 302
    license.refresh_from_db()
    assert license.status == ReviewStatus.VERIFIED
    assert list(
        LicenseAction.objects.filter(license=license).order_by("at").values_list("kind", flat=True)
    ) == ["suspended", "lifted"]
    assert 'data-certificate-status="valid"' in _public_status(client, certificate)


def test_a_revoked_license_suspends_the_certificate_even_beside_another_license(client, admin_user):
    from accounts.tests.factories import MedicalLicenseFactory, jurisdiction

    certificate = issued_certificate()
    license = _license_of(certificate)
    MedicalLicenseFactory(
        applicant=certificate.holder, jurisdiction=jurisdiction("US-NY"), verified=True
    )
    client.force_login(admin_user)

    _act(client, license, "revoke")

    license.refresh_from_db()
    assert license.status == ReviewStatus.REVOKED
    assert 'data-certificate-status="suspended"' in _public_status(client, certificate)


def test_it_requires_the_confirmation_box(client, admin_user):
    certificate = issued_certificate()
    license = _license_of(certificate)
    client.force_login(admin_user)

    response = _act(client, license, "suspend", confirmed="")

    assert response.status_code == 200
    license.refresh_from_db()
    assert license.status == ReviewStatus.VERIFIED
    assert not LicenseAction.objects.exists()


def test_a_lift_of_a_license_not_suspended_is_refused(client, admin_user):
    certificate = issued_certificate()
    license = _license_of(certificate)
    client.force_login(admin_user)

    _act(client, license, "lift")

    license.refresh_from_db()
    assert license.status == ReviewStatus.VERIFIED
    assert not LicenseAction.objects.exists()


def test_it_refuses_people_without_the_admin_role(client, examiner):
    certificate = issued_certificate()
    license = _license_of(certificate)
    client.force_login(examiner)

    response = _act(client, license, "suspend")

    assert response.status_code == 403
    license.refresh_from_db()
    assert license.status == ReviewStatus.VERIFIED


def test_the_boards_document_is_checked_by_content(client, admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.tests.factories import pdf_upload

    certificate = issued_certificate()
    license = _license_of(certificate)
    client.force_login(admin_user)
    fake = SimpleUploadedFile(
        "order.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )

    response = _act(client, license, "suspend", document=fake)

    assert response.status_code == 200
    license.refresh_from_db()
    assert license.status == ReviewStatus.VERIFIED

    _act(client, license, "suspend", document=pdf_upload("order.pdf"))

    action = LicenseAction.objects.get()
    assert action.document_content_type == "application/pdf"
    document = reverse("accounts:license_action_document", args=[action.pk])
    assert client.get(document).status_code == 200
