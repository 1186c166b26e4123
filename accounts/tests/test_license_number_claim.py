"""The database holds a license number for one applicant per jurisdiction (LicenseNumberClaim):
taken on submission, kept through the holder's own replacement, released when the number is
rejected, superseded or corrected away."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts import services
from accounts.errors import DomainError
from accounts.models import LicenseNumberClaim, MedicalLicense, ReviewStatus

from .factories import MedicalLicenseFactory, license_form_data

pytestmark = pytest.mark.django_db
URL = reverse("accounts:submit", args=["license"])


def claim_holders():
    return list(LicenseNumberClaim.objects.values_list("number_normalized", "applicant_id"))


def submit(client, user, **data):
    client.force_login(user)
    return client.post(URL, license_form_data(**data))


def test_the_database_refuses_a_second_holder_of_a_number(applicant, stranger, california):
    LicenseNumberClaim.objects.create(
        jurisdiction=california, number_normalized="A123", applicant=applicant
    )

    with pytest.raises(IntegrityError):
        LicenseNumberClaim.objects.create(
            jurisdiction=california, number_normalized="A123", applicant=stranger
        )


def test_a_submission_claims_its_number(client, applicant):
    submit(client, applicant, number="a-123")

    assert claim_holders() == [("A123", applicant.pk)]


def test_the_holders_own_replacement_may_repeat_the_number(client, applicant, admin_user):
    submit(client, applicant, number="A123")
    old = MedicalLicense.objects.get()
    services.verify_submission(item=old, actor=admin_user)
    client.force_login(applicant)

    response = client.post(f"{URL}?replaces={old.pk}", license_form_data(number="A123"))

    assert response.status_code == 302
    assert MedicalLicense.objects.filter(applicant=applicant).count() == 2
    new = MedicalLicense.objects.exclude(pk=old.pk).get()
    services.verify_submission(item=new, actor=admin_user)
    assert claim_holders() == [("A123", applicant.pk)]  # superseded, but the number is still his


def test_a_claimed_number_is_refused_to_another_applicant_by_the_service(
    applicant, stranger, california
):
    services.submit_license(
        license=MedicalLicenseFactory.build(number="A123", jurisdiction=california),
        applicant=stranger,
    )

    with pytest.raises(DomainError, match="already registered") as refusal:
        services.submit_license(
            license=MedicalLicenseFactory.build(number="A-123", jurisdiction=california),
            applicant=applicant,
        )

    assert refusal.value.field == "number"
    assert claim_holders() == [("A123", stranger.pk)]
    assert not MedicalLicense.objects.filter(applicant=applicant).exists()


def test_a_rejected_number_is_released_for_its_real_holder(
    client, applicant, stranger, admin_user, california
):
    submit(client, stranger, number="A123")
    services.reject_submission(
        item=MedicalLicense.objects.get(), actor=admin_user, reason="Not your number"
    )

    response = submit(client, applicant, number="A123")

    assert response.status_code == 302
    assert claim_holders() == [("A123", applicant.pk)]


def test_correcting_the_number_releases_the_old_one(client, applicant, admin_user):
    submit(client, applicant, number="A123")
    license = MedicalLicense.objects.get()
    services.reject_submission(item=license, actor=admin_user, reason="Typo in the number")
    license.refresh_from_db()
    changes = MedicalLicense.objects.get(pk=license.pk)
    changes.number = "A124"

    services.resubmit(item=license, changes=changes, actor=applicant)

    assert claim_holders() == [("A124", applicant.pk)]
    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED
