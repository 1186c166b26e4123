"""A board's monitoring file lists the matching verified licenses and changes nothing until an
admin applies a row; applying suspends the certificate on the public page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    AuditEntry,
    LicenseAction,
    MedicalLicense,
    MonitoringImport,
    MonitoringMatch,
    ReviewStatus,
)

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
HEADER = "license_number,jurisdiction,status,action_date\n"


def _upload(client, text: str, name="board.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(
        reverse("accounts:monitoring_imports"),
        {"source": "California board bulletin, May", "file": upload},
    )


def _verified(certificate) -> MedicalLicense:
    return MedicalLicense.objects.select_related("jurisdiction").get(
        applicant=certificate.holder, status=ReviewStatus.VERIFIED
    )


def test_it_lists_matches_and_changes_nothing_until_applied(client, admin_user):
    certificate = issued_certificate()
    license = _verified(certificate)
    today = timezone.localdate().isoformat()
    client.force_login(admin_user)

    response = _upload(
        client,
        HEADER
        + f"{license.number},{license.jurisdiction.code},Suspended,{today}\n"
        + f"ZZ999999,{license.jurisdiction.code},Revoked,{today}\n",
    )

    upload = MonitoringImport.objects.get()
    assert response.status_code == 302
    match = MonitoringMatch.objects.get()
    assert (match.license, match.line_number, match.decision) == (license, 2, "pending")
    license.refresh_from_db()
    assert license.status == ReviewStatus.VERIFIED
    assert not LicenseAction.objects.exists()
    page = client.get(reverse("accounts:monitoring_import", args=[upload.pk]))
    assert license.number in page.content.decode()
    verify = reverse("certification:verify", args=[certificate.verification_code])
    assert 'data-certificate-status="valid"' in client.get(verify).content.decode()

    client.post(reverse("accounts:monitoring_decide", args=[match.pk]), {"decision": "apply"})

    match.refresh_from_db()
    license.refresh_from_db()
    assert (match.decision, match.decided_by) == ("applied", admin_user)
    assert license.status == ReviewStatus.SUSPENDED
    assert LicenseAction.objects.get().source.endswith("line 2)")
    assert AuditEntry.objects.filter(action="monitoring.applied").count() == 1
    assert 'data-certificate-status="suspended"' in client.get(verify).content.decode()


def test_a_dismissed_row_changes_nothing_and_is_audited(client, admin_user):
    certificate = issued_certificate()
    license = _verified(certificate)
    client.force_login(admin_user)
    _upload(
        client,
        HEADER
        + f"{license.number},{license.jurisdiction.code},revoked,"
        + f"{timezone.localdate().isoformat()}\n",
    )
    match = MonitoringMatch.objects.get()

    client.post(
        reverse("accounts:monitoring_decide", args=[match.pk]),
        {"decision": "dismiss", "note": "Another person of the same name."},
    )

    match.refresh_from_db()
    license.refresh_from_db()
    assert match.decision == "dismissed"
    assert license.status == ReviewStatus.VERIFIED
    assert AuditEntry.objects.filter(action="monitoring.dismissed").count() == 1


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"number,state\n1,2\n", "Line 1: the header must be exactly"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        ((HEADER + "A1,US-CA,frozen,2026-01-01\n").encode(), "Line 2: unknown status"),
        ((HEADER + "A1,XX-XX,suspended,01/02/2026\n").encode(), "Line 2: unknown jurisdiction"),
        ((HEADER + "A1,US-CA\n").encode(), "Line 2: expected 4 columns"),
        (b"\x00" * (2 * 1024 * 1024 + 5), "larger than 2 MB"),
    ],
)
def test_a_bad_file_is_refused_with_its_lines_and_no_500(client, admin_user, content, expected):
    from accounts.tests.factories import jurisdiction

    jurisdiction("US-CA")
    client.force_login(admin_user)
    upload = SimpleUploadedFile("board.csv", content, content_type="text/csv")

    response = client.post(
        reverse("accounts:monitoring_imports"), {"source": "Board", "file": upload}
    )

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not MonitoringImport.objects.exists()


def test_only_admins_upload(client, applicant):
    client.force_login(applicant)
    response = _upload(client, HEADER)
    assert response.status_code == 403
    assert not MonitoringImport.objects.exists()
