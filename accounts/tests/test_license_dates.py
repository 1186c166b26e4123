"""A license's dates must make sense: issued in the past, expiring after issue, not expired."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import MedicalLicense

from .factories import license_form_data, today

URL = reverse("accounts:submit", args=["license"])


def _days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


@pytest.mark.django_db
def test_it_refuses_an_expiry_before_the_issue_date(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(issued_on=_days(-10), expires_on=_days(-20)))

    assert response.context["form"].errors["expires_on"] == [
        "The expiry date must be after the issue date."
    ]
    assert not MedicalLicense.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_already_expired_license(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(issued_on=_days(-400), expires_on=_days(-1)))

    assert response.context["form"].errors["expires_on"] == [
        "This license has expired; submit your current, renewed license."
    ]
    assert not MedicalLicense.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_issue_date_in_the_future(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(issued_on=_days(1), expires_on=_days(400)))

    assert response.context["form"].errors["issued_on"] == [
        "The issue date cannot be in the future."
    ]
    assert not MedicalLicense.objects.exists()


@pytest.mark.django_db
def test_it_accepts_a_license_expiring_today(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(issued_on=_days(-400), expires_on=_days(0)))

    assert response.status_code == 302
    assert MedicalLicense.objects.count() == 1
