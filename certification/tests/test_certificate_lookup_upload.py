"""/verify/ also takes an uploaded PDF: checked by content (PDF, size cap) and matched by its
SHA-256 against the issued certificates; rate-limited like the lookup by number."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
URL = reverse("certification:verify_lookup")


def _upload(client, content: bytes, name="certificate.pdf", **extra):
    return client.post(
        URL,
        {"check": "file", "pdf": SimpleUploadedFile(name, content, "application/pdf")},
        **extra,
    )


def test_it_shows_the_public_page_of_the_certificate_the_file_is(client):
    certificate = issued_certificate()
    other = issued_certificate()

    response = _upload(client, certificate.pdf.read())

    assert response.status_code == 200
    assert response.context["certificate"].pk == certificate.pk != other.pk
    page = response.content.decode()
    assert "is the certificate issued under this code, unaltered" in page
    assert certificate.number in page
    assert "no-store" in response["Cache-Control"]


def test_it_says_plainly_when_no_certificate_has_this_file(client):
    certificate = issued_certificate()
    altered = certificate.pdf.read() + b"\n% altered\n"

    response = _upload(client, altered)

    assert response.status_code == 200
    assert "certificate" not in response.context or response.context.get("certificate") is None
    assert "This file is not a certificate we issued" in response.content.decode()


def test_a_pending_certificate_without_a_file_never_matches(client):
    certificate = issued_certificate()
    content = certificate.pdf.read()
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.PENDING)

    response = _upload(client, content)

    assert "This file is not a certificate we issued" in response.content.decode()


def test_it_refuses_what_is_not_a_pdf_by_its_content(client):
    issued_certificate()

    page = _upload(client, b"GIF89a not a pdf", name="looks-like.pdf").content.decode()

    assert "This is not a PDF file." in page
    assert "upload-result" not in page


def test_it_refuses_a_file_over_the_size_cap(client):
    page = _upload(client, b"%PDF-" + b"0" * (10 * 1024 * 1024)).content.decode()

    assert "larger than 10 MB" in page


def test_uploads_count_against_the_lookup_limit(client):
    certificate = issued_certificate()
    content = certificate.pdf.read()
    for _ in range(10):
        assert _upload(client, b"%PDF-nothing").status_code == 200
    for _ in range(10):
        assert client.post(URL, {"number": "BTX-0", "surname": "x"}).status_code == 200

    response = _upload(client, content)

    assert response.status_code == 429
    assert "Too many lookups from your address" in response.content.decode()
    assert _upload(client, content, REMOTE_ADDR="10.0.0.7").status_code == 200


def test_the_page_offers_both_ways(client):
    html = client.get(URL).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert 'name="pdf"' in html and 'name="number"' in html
