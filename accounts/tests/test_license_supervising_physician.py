"""Where the jurisdiction's rule says so, a registered nurse names a supervising physician."""

import pytest
from django.urls import reverse

from accounts.models import JurisdictionRule, LicenseType, MedicalLicense
from accounts.services import change_jurisdiction_rules

from .factories import license_form_data

URL = reverse("accounts:submit", args=["license"])


@pytest.mark.django_db
def test_it_refuses_an_rn_without_supervising_physician_where_required(client, applicant):
    client.force_login(applicant)

    response = client.post(URL, license_form_data(license_type=LicenseType.REGISTERED_NURSE))

    assert response.context["form"].errors["supervising_physician"] == [
        "California requires registered nurses to name their supervising physician."
    ]
    assert not MedicalLicense.objects.exists()


@pytest.mark.django_db
def test_it_accepts_an_rn_who_names_the_supervising_physician(client, applicant):
    client.force_login(applicant)

    response = client.post(
        URL,
        license_form_data(
            license_type=LicenseType.REGISTERED_NURSE, supervising_physician="Dr. Paula Mendez"
        ),
    )

    assert response.status_code == 302
    assert MedicalLicense.objects.get().supervising_physician == "Dr. Paula Mendez"


@pytest.mark.django_db
def test_it_accepts_an_rn_without_physician_where_the_rule_does_not_ask(
    client, applicant, admin_user, california
):
    change_jurisdiction_rules(
        jurisdiction=california,
        rule=JurisdictionRule(
            accepted_license_types=list(LicenseType.values),
            rn_requires_supervising_physician=False,
            ce_hours_required=8,
            ce_window_months=24,
        ),
        certifications=[],
        actor=admin_user,
    )
    client.force_login(applicant)

    response = client.post(URL, license_form_data(license_type=LicenseType.REGISTERED_NURSE))

    assert response.status_code == 302
    assert MedicalLicense.objects.count() == 1
