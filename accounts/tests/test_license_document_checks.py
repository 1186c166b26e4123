"""A license scan is checked by its content and size, never by its name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEntry, MedicalLicense

from .factories import license_form_data, pdf_bytes
from .helpers import stored_files

URL = reverse("accounts:submit", args=["license"])


def _refused(response, private_storage):
    assert response.status_code == 200
    assert not MedicalLicense.objects.exists()
    assert not AuditEntry.objects.filter(action="license.submitted").exists()
    assert stored_files(private_storage) == []
    return response.context["form"].errors["document"]


@pytest.mark.django_db
def test_it_refuses_html_renamed_to_pdf(client, applicant, private_storage):
    client.force_login(applicant)
    upload = SimpleUploadedFile(
        "license.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )

    response = client.post(URL, license_form_data(document=upload))

    assert _refused(response, private_storage) == [
        "Upload a PDF, PNG or JPEG file; this file is not one of those."
    ]


@pytest.mark.django_db
def test_it_refuses_a_program_renamed_to_pdf(client, applicant, private_storage):
    client.force_login(applicant)
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
    exe = exe[:60] + b"\x40\x00\x00\x00" + b"PE\x00\x00" + b"\x00" * 200
    upload = SimpleUploadedFile("license.pdf", exe, content_type="application/pdf")

    response = client.post(URL, license_form_data(document=upload))

    assert _refused(response, private_storage) == [
        "Upload a PDF, PNG or JPEG file; this file is not one of those."
    ]


@pytest.mark.django_db
def test_it_refuses_a_file_over_10_mb(client, applicant, private_storage):
    client.force_login(applicant)
    content = pdf_bytes() + b"0" * (10 * 1024 * 1024 + 1 - len(pdf_bytes()))
    upload = SimpleUploadedFile("license.pdf", content, content_type="application/pdf")

    response = client.post(URL, license_form_data(document=upload))

    [error] = _refused(response, private_storage)
    assert "the limit is 10 MB" in error


@pytest.mark.django_db
def test_it_accepts_a_file_of_exactly_10_mb(client, applicant):
    client.force_login(applicant)
    content = pdf_bytes() + b"0" * (10 * 1024 * 1024 - len(pdf_bytes()))
    upload = SimpleUploadedFile("license.pdf", content, content_type="application/pdf")

    response = client.post(URL, license_form_data(document=upload))

    assert response.status_code == 302
    assert MedicalLicense.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_damaged_png(client, applicant, private_storage):
    client.force_login(applicant)
    upload = SimpleUploadedFile(
        "license.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, content_type="image/png"
    )

    response = client.post(URL, license_form_data(document=upload))

    assert _refused(response, private_storage) == [
        "This image is damaged or incomplete; scan it again."
    ]
