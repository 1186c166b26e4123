"""An NPI, when given, is 10 digits whose last is the Luhn check digit (with the 80840 prefix)."""

import pytest
from django.urls import reverse

from accounts.models import MedicalLicense

from .factories import license_form_data

URL = reverse("accounts:submit", args=["license"])


@pytest.mark.django_db
def test_it_accepts_a_valid_npi(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(npi="1234567893"))

    assert response.status_code == 302
    assert MedicalLicense.objects.get().npi == "1234567893"


@pytest.mark.django_db
def test_it_accepts_a_valid_npi_typed_with_spaces_and_dashes(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(npi="1234-567 893"))

    assert response.status_code == 302
    assert MedicalLicense.objects.get().npi == "1234567893"


@pytest.mark.django_db
def test_it_refuses_an_npi_with_a_wrong_check_digit(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(npi="1234567894"))

    assert response.context["form"].errors["npi"] == [
        "This NPI number fails its check digit; check it for a typo."
    ]
    assert not MedicalLicense.objects.exists()


@pytest.mark.parametrize("npi", ["123456789", "12345678930", "12345678a3"])
@pytest.mark.django_db
def test_it_refuses_an_npi_that_is_not_10_digits(client, applicant, npi):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(npi=npi))

    assert response.status_code == 200
    assert response.context["form"].errors["npi"]
    assert not MedicalLicense.objects.exists()
