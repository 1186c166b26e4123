"""A program admin rejects a submission with a reason the applicant sees."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, ReviewStatus

from .factories import MedicalLicenseFactory, SupportingCredentialFactory
from .helpers import messages_of


@pytest.mark.django_db
def test_it_rejects_with_the_reason_audits_it_and_emails_the_applicant(
    client, applicant, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    license = MedicalLicenseFactory(applicant=applicant, number="A123")
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:reject", args=["license", license.pk]),
            {"reason": "The scan is cut off at the expiry date.", "confirmed": "1"},
        )

    assert response.status_code == 302
    license.refresh_from_db()
    assert license.status == ReviewStatus.REJECTED
    assert license.rejection_reason == "The scan is cut off at the expiry date."
    assert license.reviewer == admin_user
    entry = AuditEntry.objects.get(action="license.rejected")
    assert (entry.actor, entry.target_id, entry.from_state, entry.to_state, entry.reason) == (
        admin_user,
        str(license.pk),
        ReviewStatus.SUBMITTED,
        ReviewStatus.REJECTED,
        "The scan is cut off at the expiry date.",
    )
    [mail] = mailoutbox
    assert mail.to == [applicant.email]
    assert "The scan is cut off at the expiry date." in mail.body


@pytest.mark.parametrize("reason", ["", "   "])
@pytest.mark.django_db
def test_it_refuses_a_rejection_without_reason(
    client, applicant, admin_user, mailoutbox, django_capture_on_commit_callbacks, reason
):
    credential = SupportingCredentialFactory(applicant=applicant)
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:reject", args=["credential", credential.pk]), {"reason": reason}
        )

    assert response.status_code == 302
    assert response.url == reverse("accounts:review", args=["credential", credential.pk])
    assert messages_of(response) == ["Give the reason for the rejection; the applicant sees it."]
    credential.refresh_from_db()
    assert credential.status == ReviewStatus.SUBMITTED
    assert credential.reviewer is None
    assert not AuditEntry.objects.filter(action="credential.rejected").exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_rejection_asks_first_and_changes_nothing_until_confirmed(
    client, applicant, admin_user, mailoutbox
):
    license = MedicalLicenseFactory(applicant=applicant, number="A124")
    client.force_login(admin_user)
    url = reverse("accounts:reject", args=["license", license.pk])

    response = client.post(url, {"reason": "Blurry scan."})

    page = response.content.decode()
    assert "Yes, reject" in page
    assert f"Reject the medical license of {applicant.full_legal_name}" in page
    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED
    assert mailoutbox == []

    client.post(url, {"reason": "Blurry scan.", "confirmed": "1"})

    license.refresh_from_db()
    assert license.status == ReviewStatus.REJECTED
