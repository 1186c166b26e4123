""" "Download my data": a zip with a JSON of the person's records and their uploaded documents
(and certificates), only their own, audited."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.tests.factories import MedicalLicenseFactory, pdf_bytes
from certification.tests.certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)


def download(client) -> zipfile.ZipFile:
    response = client.post(reverse("certification:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.mark.django_db
def test_it_gives_the_records_and_documents_of_a_holder(
    client,
    certificate_storage,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    applicant, sitting, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=True):  # the certificate renders on commit
        pass_practical(sitting, examiner)
    client.force_login(applicant)

    archive = download(client)

    data = json.loads(archive.read("my-data.json"))
    assert data["person"]["email"] == applicant.email
    license = applicant.medical_licenses.get()
    assert data["medical_licenses"][0]["number"] == license.number
    assert archive.read(data["medical_licenses"][0]["document"]) == pdf_bytes()
    assert len(data["supporting_credentials"]) == 2
    assert len(data["enrollments"]) == 1 and len(data["theory_modules"]) == 3
    assert data["hands_on_sessions"] and data["written_exam_attempts"]
    assert data["practical_exam_sittings"][0]["status"] == "passed"
    certificate = data["certificates"][0]
    assert archive.read(certificate["pdf"]).startswith(b"%PDF")
    # Nothing secret: no verification bookkeeping tokens, no password.
    assert "claim_token" not in certificate and "password" not in json.dumps(data)


@pytest.mark.django_db
def test_it_holds_only_their_own_records(client, private_storage, applicant, stranger):
    MedicalLicenseFactory(applicant=applicant, number="OWN-1")
    MedicalLicenseFactory(applicant=stranger, number="NOT-MINE-2")
    client.force_login(applicant)

    archive = download(client)

    text = archive.read("my-data.json").decode()
    assert "OWN-1" in text and "NOT-MINE-2" not in text
    assert len([n for n in archive.namelist() if n.startswith("documents/")]) == 1


@pytest.mark.django_db
def test_it_is_audited(client, applicant):
    client.force_login(applicant)

    download(client)

    entry = AuditEntry.objects.get(action="data.exported")
    assert (entry.actor, entry.subject) == (applicant, applicant)


@pytest.mark.django_db
def test_it_asks_before_it_downloads_and_needs_a_sign_in(client, applicant):
    assert client.post(reverse("certification:my_data")).status_code == 302

    client.force_login(applicant)
    page = client.get(reverse("certification:my_data"))

    assert page.status_code == 200
    assert not AuditEntry.objects.filter(action="data.exported").exists()


@pytest.mark.django_db
def test_the_qualifications_page_and_the_dashboard_link_to_it(client, applicant):
    client.force_login(applicant)
    link = f'href="{reverse("certification:my_data")}"'

    assert link in client.get(reverse("accounts:qualifications")).content.decode()
    assert link in client.get(reverse("certification:dashboard")).content.decode()
