"""The public page says whether an uploaded PDF is the issued file, by its SHA-256."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _upload(client, certificate, content: bytes, name="certificate.pdf"):
    return client.post(
        reverse("certification:verify", args=[certificate.verification_code]),
        {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_it_recognises_the_issued_file(client):
    certificate = issued_certificate()

    page = _upload(client, certificate, certificate.pdf.read()).content.decode()

    assert "is the certificate issued under this code, unaltered" in page


def test_it_says_an_altered_file_is_not_the_issued_one(client):
    certificate = issued_certificate()
    altered = certificate.pdf.read() + b"\n% one byte more changes the hash\n"

    page = _upload(client, certificate, altered).content.decode()

    assert "is not the certificate issued under this code" in page


def test_it_refuses_what_is_not_a_pdf(client):
    certificate = issued_certificate()

    page = _upload(client, certificate, b"GIF89a...", name="x.pdf").content.decode()

    assert "This is not a PDF file." in page
    assert "upload-result" not in page


def test_it_refuses_a_file_over_10_mb(client):
    certificate = issued_certificate()

    page = _upload(client, certificate, b"%PDF-" + b"0" * (10 * 1024 * 1024)).content.decode()

    assert "larger than 10 MB" in page


def test_it_requires_the_csrf_token():
    certificate = issued_certificate()

    response = _upload(Client(enforce_csrf_checks=True), certificate, certificate.pdf.read())

    assert response.status_code == 403
