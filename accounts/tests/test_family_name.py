"""The family name is given by the applicant (at sign-up and on the profile), must be part of
the legal name, and is guessed from the legal name only for older accounts."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, User
from accounts.names import guess_family_name, name_key
from accounts.tests.factories import ApplicantProfileFactory

from .test_signup import SIGNUP

pytestmark = pytest.mark.django_db


def test_sign_up_stores_the_family_name_as_given(client):
    data = {**SIGNUP, "full_legal_name": "María José García López", "family_name": "García López"}

    client.post(reverse("account_signup"), data)

    assert User.objects.get().family_name == "García López"


@pytest.mark.parametrize("family_name", ["", "Smithers", "Gonz"])
def test_sign_up_refuses_a_family_name_that_is_not_part_of_the_legal_name(client, family_name):
    response = client.post(reverse("account_signup"), {**SIGNUP, "family_name": family_name})

    assert response.status_code == 200
    assert not User.objects.exists()


def profile_data(**changes):
    data = {
        "full_legal_name": "John Smith Jr.",
        "family_name": "Smith",
        "profession": "physician",
        "specialty_background": "dermatology",
        "phone": "+1 415 555 0100",
        "address": "1 Market St",
        "city": "San Francisco",
        "region": "CA",
        "postal_code": "94105",
        "country": "United States",
    }
    data.update(changes)
    return data


def test_the_profile_changes_the_family_name_audited(client, applicant):
    ApplicantProfileFactory(user=applicant)
    client.force_login(applicant)

    response = client.post(
        reverse("accounts:profile"),
        profile_data(full_legal_name="Ana María Ruiz Soto", family_name="Ruiz Soto"),
    )

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.full_legal_name, applicant.family_name) == (
        "Ana María Ruiz Soto",
        "Ruiz Soto",
    )
    assert AuditEntry.objects.filter(
        action="profile.family_name_changed", target_id=str(applicant.pk)
    ).exists()


def test_the_profile_refuses_a_family_name_outside_the_legal_name(client, applicant):
    before = applicant.family_name
    client.force_login(applicant)

    response = client.post(reverse("accounts:profile"), profile_data(family_name="Jones"))

    assert response.status_code == 200
    applicant.refresh_from_db()
    assert applicant.family_name == before


@pytest.mark.parametrize(
    ("legal_name", "guess"),
    [
        ("John Smith Jr.", "Smith"),
        ("Maria Elena Gonzalez", "Gonzalez"),
        ("Smith, John", "Smith"),
        ("John Smith, MD", "Smith"),
        ("Robert Lee III", "Lee"),
    ],
)
def test_the_family_name_of_older_accounts_is_guessed_from_the_legal_name(legal_name, guess):
    assert guess_family_name(legal_name) == guess


def test_names_compare_without_case_or_accents():
    assert name_key(" García  LÓPEZ") == name_key("garcia lopez")
