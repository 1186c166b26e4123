"""A program admin who is also an applicant cannot decide on their own submissions."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, ReviewStatus

from .factories import MedicalLicenseFactory
from .helpers import messages_of


@pytest.mark.parametrize("decision, data", [("verify", {}), ("reject", {"reason": "No."})])
@pytest.mark.django_db
def test_it_refuses_an_admin_deciding_their_own_submission(client, admin_user, decision, data):
    license = MedicalLicenseFactory(applicant=admin_user)
    client.force_login(admin_user)

    response = client.post(reverse(f"accounts:{decision}", args=["license", license.pk]), data)

    assert messages_of(response) == ["You cannot review your own submission."]
    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_admin_starting_review_of_their_own_submission(client, admin_user):
    license = MedicalLicenseFactory(applicant=admin_user)
    client.force_login(admin_user)

    client.post(reverse("accounts:start_review", args=["license", license.pk]))

    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED
