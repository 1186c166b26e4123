"""An applicant submits a license with its scan; it waits for review, and the act is audited."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, MedicalLicense, ReviewStatus

from .factories import license_form_data, png_upload
from .helpers import stored_files

URL = reverse("accounts:submit", args=["license"])


@pytest.mark.django_db
def test_it_saves_a_license_as_submitted_and_audits_it(client, applicant, private_storage):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(number="ca-123 456"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:qualifications")
    license = MedicalLicense.objects.get()
    assert license.applicant == applicant
    assert license.status == ReviewStatus.SUBMITTED
    assert license.number_normalized == "CA123456"
    assert license.document_content_type == "application/pdf"
    assert license.document_name == "license.pdf"
    assert len(stored_files(private_storage)) == 1
    entry = AuditEntry.objects.get(action="license.submitted")
    assert entry.actor == applicant
    assert entry.target_id == str(license.pk)
    assert entry.to_state == ReviewStatus.SUBMITTED


@pytest.mark.django_db
def test_it_keeps_the_real_type_of_a_png_scan(client, applicant):
    client.force_login(applicant)

    client.post(URL, license_form_data(document=png_upload("scan.png")))

    license = MedicalLicense.objects.get()
    assert license.document_content_type == "image/png"


@pytest.mark.django_db
def test_it_never_uses_the_uploaders_file_name_on_disk(client, applicant, private_storage):
    client.force_login(applicant)

    client.post(URL, license_form_data(document=png_upload("../../evil name.png")))

    [path] = stored_files(private_storage)
    assert "evil" not in str(path)
    assert MedicalLicense.objects.get().document_name == "evil name.png"
