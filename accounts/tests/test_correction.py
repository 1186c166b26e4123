"""An applicant corrects a rejected item and sends it back; a verified one is locked."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, ReviewStatus

from .factories import MedicalLicenseFactory, SupportingCredentialFactory, license_form_data
from .helpers import messages_of


def _correct_url(item, kind="license"):
    return reverse("accounts:correct", args=[kind, item.pk])


@pytest.mark.django_db
def test_it_sends_a_corrected_rejected_license_back_to_submitted(client, applicant, admin_user):
    license = MedicalLicenseFactory(
        applicant=applicant,
        number="A999",
        status=ReviewStatus.REJECTED,
        reviewer=admin_user,
        rejection_reason="The scan is unreadable.",
    )
    client.force_login(applicant)
    data = license_form_data(number="A1000")
    del data["document"]  # keep the document already sent

    response = client.post(_correct_url(license), data)

    assert response.status_code == 302
    assert response.url == reverse("accounts:submission_detail", args=["license", license.pk])
    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED
    assert license.number == "A1000"
    assert license.number_normalized == "A1000"
    assert license.reviewer is None
    entry = AuditEntry.objects.get(action="license.resubmitted")
    assert (entry.actor, entry.from_state, entry.to_state) == (
        applicant,
        ReviewStatus.REJECTED,
        ReviewStatus.SUBMITTED,
    )


@pytest.mark.django_db
def test_it_sends_a_corrected_rejected_credential_back_to_submitted(client, applicant):
    credential = SupportingCredentialFactory(applicant=applicant, status=ReviewStatus.REJECTED)
    client.force_login(applicant)

    response = client.post(
        _correct_url(credential, "credential"),
        {
            "kind": "ce",
            "title": "Corrected title",
            "provider": credential.provider,
            "credit_hours": "4",
            "completed_on": credential.completed_on.isoformat(),
        },
    )

    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.status == ReviewStatus.SUBMITTED
    assert credential.title == "Corrected title"


@pytest.mark.django_db
def test_it_does_not_let_a_verified_license_be_edited(client, applicant):
    license = MedicalLicenseFactory(applicant=applicant, number="A999", verified=True)
    client.force_login(applicant)
    detail = reverse("accounts:submission_detail", args=["license", license.pk])

    shown = client.get(_correct_url(license))
    posted = client.post(_correct_url(license), license_form_data(number="B1"))

    for response in (shown, posted):
        assert response.status_code == 302
        assert response.url == detail
        assert messages_of(response)[-1] == (
            "This item is verified and can no longer be edited. Submit a new one to replace it."
        )
    license.refresh_from_db()
    assert (license.status, license.number) == (ReviewStatus.VERIFIED, "A999")
    assert not AuditEntry.objects.filter(action="license.resubmitted").exists()


@pytest.mark.django_db
def test_it_does_not_let_an_item_under_review_be_edited(client, applicant):
    license = MedicalLicenseFactory(
        applicant=applicant, number="A999", status=ReviewStatus.UNDER_REVIEW
    )
    client.force_login(applicant)

    response = client.post(_correct_url(license), license_form_data(number="B1"))

    assert response.status_code == 302
    license.refresh_from_db()
    assert (license.status, license.number) == (ReviewStatus.UNDER_REVIEW, "A999")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["license", "credential"])
def test_the_correction_form_does_not_link_to_the_private_file(client, applicant, kind):
    """The stored document has no public address: a "currently" link would be a 404."""
    factory = MedicalLicenseFactory if kind == "license" else SupportingCredentialFactory
    item = factory(applicant=applicant, status=ReviewStatus.REJECTED)
    client.force_login(applicant)

    page = client.get(_correct_url(item, kind)).content.decode()

    assert item.document.name not in page
    assert 'type="file"' in page


@pytest.mark.django_db
def test_a_correction_writes_only_what_the_applicant_corrects(applicant):
    """The edited copy is read before the row is locked: a change the product made since (here
    an expiry reminder) must survive the resubmission (it used to be saved whole)."""
    from accounts.models import MedicalLicense
    from accounts.services import resubmit

    license = MedicalLicenseFactory(applicant=applicant, number="A999")
    changes = MedicalLicense.objects.get(pk=license.pk)
    changes.number = "A1000"
    MedicalLicense.objects.filter(pk=license.pk).update(last_expiry_reminder_days=30)

    resubmit(item=license, changes=changes, actor=applicant)

    license.refresh_from_db()
    assert (license.number, license.number_normalized) == ("A1000", "A1000")
    assert license.last_expiry_reminder_days == 30
