"""A verified license is replaced by a new submission; verifying the new one supersedes it."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, MedicalLicense, ReviewStatus

from .factories import MedicalLicenseFactory, license_form_data


@pytest.mark.django_db
def test_it_replaces_a_verified_license_by_a_new_submission(client, applicant, admin_user):
    old = MedicalLicenseFactory(applicant=applicant, number="A123", verified=True)
    client.force_login(applicant)
    url = reverse("accounts:submit", args=["license"]) + f"?replaces={old.pk}"

    response = client.post(url, license_form_data(number="A123"))

    assert response.status_code == 302
    new = MedicalLicense.objects.exclude(pk=old.pk).get()
    assert new.replaces == old
    assert new.status == ReviewStatus.SUBMITTED
    old.refresh_from_db()
    assert old.status == ReviewStatus.VERIFIED  # still valid until the new one is verified

    client.force_login(admin_user)
    client.post(reverse("accounts:verify", args=["license", new.pk]))

    old.refresh_from_db()
    new.refresh_from_db()
    assert new.status == ReviewStatus.VERIFIED
    assert old.status == ReviewStatus.SUPERSEDED
    entry = AuditEntry.objects.get(action="license.superseded")
    assert (entry.actor, entry.target_id, entry.from_state, entry.to_state) == (
        admin_user,
        str(old.pk),
        ReviewStatus.VERIFIED,
        ReviewStatus.SUPERSEDED,
    )


@pytest.mark.django_db
def test_it_prefills_the_replacement_with_the_old_license(client, applicant):
    old = MedicalLicenseFactory(applicant=applicant, number="A123", verified=True)
    client.force_login(applicant)

    response = client.get(reverse("accounts:submit", args=["license"]) + f"?replaces={old.pk}")

    assert response.context["replaces"] == old
    assert response.context["form"].initial["number"] == "A123"


@pytest.mark.django_db
def test_it_does_not_replace_another_applicants_license(client, applicant, stranger):
    theirs = MedicalLicenseFactory(applicant=stranger, verified=True)
    client.force_login(applicant)
    url = reverse("accounts:submit", args=["license"]) + f"?replaces={theirs.pk}"

    response = client.post(url, license_form_data(number="Z1"))

    assert response.status_code == 404
    assert not MedicalLicense.objects.filter(applicant=applicant).exists()


@pytest.mark.django_db
def test_it_does_not_replace_a_license_still_waiting_for_review(client, applicant):
    pending = MedicalLicenseFactory(applicant=applicant, number="A123")
    client.force_login(applicant)
    url = reverse("accounts:submit", args=["license"]) + f"?replaces={pending.pk}"

    response = client.post(url, license_form_data(number="A123"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Only a verified or expired license is replaced by a new one."
    ]
    assert MedicalLicense.objects.count() == 1
