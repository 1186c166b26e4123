"""Another applicant's submissions do not exist for you: 404, never 403."""

import pytest
from django.urls import reverse

from accounts.models import ReviewStatus

from .factories import MedicalLicenseFactory, SupportingCredentialFactory, license_form_data


@pytest.fixture
def theirs(stranger):
    return {
        "license": MedicalLicenseFactory(applicant=stranger, status=ReviewStatus.REJECTED),
        "credential": SupportingCredentialFactory(applicant=stranger, status=ReviewStatus.REJECTED),
    }


@pytest.mark.parametrize("kind", ["license", "credential"])
@pytest.mark.parametrize("url_name", ["submission_detail", "correct", "document"])
@pytest.mark.django_db
def test_it_hides_another_applicants_submission(client, applicant, theirs, kind, url_name):
    client.force_login(applicant)

    response = client.get(reverse(f"accounts:{url_name}", args=[kind, theirs[kind].pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_it_does_not_let_an_applicant_correct_another_applicants_license(client, applicant, theirs):
    license = theirs["license"]
    client.force_login(applicant)

    response = client.post(
        reverse("accounts:correct", args=["license", license.pk]), license_form_data(number="X1")
    )

    assert response.status_code == 404
    license.refresh_from_db()
    assert license.status == ReviewStatus.REJECTED
    assert license.number != "X1"


@pytest.mark.django_db
def test_it_shows_the_applicant_their_own_submission(client, applicant):
    license = MedicalLicenseFactory(applicant=applicant, number="A777")
    client.force_login(applicant)

    response = client.get(reverse("accounts:submission_detail", args=["license", license.pk]))

    assert response.status_code == 200
    assert "A777" in response.content.decode()
