"""Only program admins review; decisions are POST only."""

import pytest
from django.urls import reverse

from accounts.models import ReviewStatus

from .factories import MedicalLicenseFactory

DECISIONS = ["start_review", "verify", "reject"]


@pytest.mark.parametrize("person", ["applicant", "stranger", "instructor", "examiner"])
@pytest.mark.parametrize("url_name", DECISIONS)
@pytest.mark.django_db
def test_it_forbids_decisions_to_non_admins(client, request, applicant, person, url_name):
    license = MedicalLicenseFactory(applicant=applicant)
    client.force_login(request.getfixturevalue(person))

    response = client.post(
        reverse(f"accounts:{url_name}", args=["license", license.pk]), {"reason": "x"}
    )

    assert response.status_code == 403
    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize("person", ["applicant", "instructor", "examiner"])
@pytest.mark.parametrize("url_name", ["review_queue", "review", "jurisdictions"])
@pytest.mark.django_db
def test_it_forbids_review_pages_to_non_admins(client, request, applicant, person, url_name):
    license = MedicalLicenseFactory(applicant=applicant)
    args = ["license", license.pk] if url_name == "review" else []
    client.force_login(request.getfixturevalue(person))

    response = client.get(reverse(f"accounts:{url_name}", args=args))

    assert response.status_code == 403


@pytest.mark.parametrize("url_name", DECISIONS)
@pytest.mark.django_db
def test_it_rejects_get_on_decisions(client, applicant, admin_user, url_name):
    license = MedicalLicenseFactory(applicant=applicant)
    client.force_login(admin_user)

    response = client.get(reverse(f"accounts:{url_name}", args=["license", license.pk]))

    assert response.status_code == 405
    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED


@pytest.mark.django_db
def test_it_sends_anonymous_deciders_to_sign_in(client, applicant):
    license = MedicalLicenseFactory(applicant=applicant)

    response = client.post(reverse("accounts:verify", args=["license", license.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED
