"""A license number belongs to one applicant per jurisdiction, however it is typed."""

import pytest
from django.urls import reverse

from accounts.models import MedicalLicense, ReviewStatus

from .factories import MedicalLicenseFactory, jurisdiction, license_form_data

URL = reverse("accounts:submit", args=["license"])


@pytest.mark.django_db
def test_it_refuses_a_number_another_applicant_holds_in_the_same_jurisdiction(
    client, applicant, stranger, california
):
    MedicalLicenseFactory(applicant=stranger, number="A123", jurisdiction=california)
    client.force_login(applicant)

    response = client.post(URL, license_form_data(number="a-123", jurisdiction=california.pk))

    assert response.status_code == 200
    [error] = response.context["form"].errors["number"]
    assert "already registered in California by another applicant" in error
    assert MedicalLicense.objects.filter(applicant=applicant).count() == 0


@pytest.mark.django_db
def test_it_allows_the_same_number_in_another_jurisdiction(client, applicant, stranger, california):
    MedicalLicenseFactory(applicant=stranger, number="A123", jurisdiction=california)
    client.force_login(applicant)

    response = client.post(
        URL, license_form_data(number="A123", jurisdiction=jurisdiction("GB").pk)
    )

    assert response.status_code == 302
    assert MedicalLicense.objects.filter(applicant=applicant).count() == 1


@pytest.mark.django_db
def test_it_frees_the_number_of_a_rejected_license(client, applicant, stranger, california):
    MedicalLicenseFactory(
        applicant=stranger, number="A123", jurisdiction=california, status=ReviewStatus.REJECTED
    )
    client.force_login(applicant)

    response = client.post(URL, license_form_data(number="A-123", jurisdiction=california.pk))

    assert response.status_code == 302
    assert MedicalLicense.objects.filter(applicant=applicant).count() == 1
