"""A document is served to its owner and to program admins, as stored, and to nobody else."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from .factories import MedicalLicenseFactory, SupportingCredentialFactory, pdf_bytes, png_bytes


@pytest.fixture
def scan(applicant):
    return MedicalLicenseFactory(
        applicant=applicant,
        document=ContentFile(png_bytes(), name="scan.png"),
        document_name="scan.png",
        document_content_type="image/png",
    )


def _url(item, kind="license"):
    return reverse("accounts:document", args=[kind, item.pk])


@pytest.mark.parametrize("person", ["applicant", "admin_user"])
@pytest.mark.django_db
def test_it_serves_the_document_to_its_owner_and_admins(client, request, scan, person):
    client.force_login(request.getfixturevalue(person))

    response = client.get(_url(scan))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == png_bytes()


@pytest.mark.django_db
def test_it_serves_a_credential_document_as_pdf(client, applicant):
    credential = SupportingCredentialFactory(applicant=applicant)
    client.force_login(applicant)

    response = client.get(_url(credential, "credential"))

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()


@pytest.mark.django_db
def test_it_offers_a_download_with_the_original_name(client, applicant, scan):
    client.force_login(applicant)

    response = client.get(_url(scan) + "?download=1")

    assert response["Content-Disposition"] == 'attachment; filename="scan.png"'


@pytest.mark.parametrize("person", ["instructor", "examiner", "stranger"])
@pytest.mark.django_db
def test_it_hides_the_document_from_everyone_else(client, request, scan, person):
    client.force_login(request.getfixturevalue(person))

    response = client.get(_url(scan))

    assert response.status_code == 404


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_sign_in(client, scan):
    response = client.get(_url(scan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
