"""A program admin verifies a submission: status, audit entry, and an e-mail to the applicant."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, ReviewStatus
from accounts.services import verify_submission

from .factories import MedicalLicenseFactory, SupportingCredentialFactory


@pytest.mark.django_db
def test_it_verifies_a_license_audits_it_and_emails_the_applicant(
    client, applicant, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    license = MedicalLicenseFactory(applicant=applicant, number="A123")
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:verify", args=["license", license.pk]))

    assert response.status_code == 302
    assert response.url == reverse("accounts:review_queue")
    license.refresh_from_db()
    assert license.status == ReviewStatus.VERIFIED
    assert license.reviewer == admin_user
    assert license.reviewed_at is not None
    entry = AuditEntry.objects.get(action="license.verified")
    assert (entry.actor, entry.target_id, entry.from_state, entry.to_state, entry.reason) == (
        admin_user,
        str(license.pk),
        ReviewStatus.SUBMITTED,
        ReviewStatus.VERIFIED,
        "",
    )
    [mail] = mailoutbox
    assert mail.to == [applicant.email]
    assert mail.subject == "Physician (MD/DO) A123 verified"


@pytest.mark.django_db
def test_it_verifies_a_credential_under_review(
    client, applicant, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    credential = SupportingCredentialFactory(applicant=applicant)
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:start_review", args=["credential", credential.pk]))
        client.post(reverse("accounts:verify", args=["credential", credential.pk]))

    credential.refresh_from_db()
    assert credential.status == ReviewStatus.VERIFIED
    entry = AuditEntry.objects.get(action="credential.verified")
    assert (entry.actor, entry.from_state, entry.to_state) == (
        admin_user,
        ReviewStatus.UNDER_REVIEW,
        ReviewStatus.VERIFIED,
    )
    assert [mail.to for mail in mailoutbox] == [[applicant.email]]


@pytest.mark.django_db
def test_it_sends_no_email_when_the_decision_is_rolled_back(
    applicant, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    """The e-mail waits for the commit: a decision that never commits tells nobody."""
    license = MedicalLicenseFactory(applicant=applicant)

    with django_capture_on_commit_callbacks() as callbacks:
        verify_submission(item=license, actor=admin_user)

    assert mailoutbox == []
    assert len([c for c in callbacks if "send_outgoing_email" in repr(c)]) == 1
