"""Anyone may find a certificate by its number and its holder's surname; a mismatch does not
say which half was wrong; lookups are rate-limited per address."""

import pytest
from django.urls import reverse

from accounts.tests.factories import qualified_applicant

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
URL = reverse("certification:verify_lookup")


def _certificate():
    return issued_certificate(holder=qualified_applicant(full_legal_name="Dana Applicant Smith"))


def test_it_finds_the_certificate_by_number_and_surname_in_any_case(client):
    certificate = _certificate()

    response = client.post(URL, {"number": certificate.number.lower(), "surname": " SMITH "})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certification:verify", args=[certificate.verification_code]
    )


@pytest.mark.parametrize("half", ["number", "surname"])
def test_a_mismatch_says_only_that_nothing_matches(client, half):
    certificate = _certificate()
    data = {"number": certificate.number, "surname": "Smith", half: "Wrong-1"}

    response = client.post(URL, data)

    assert response.status_code == 200
    assert "No certificate matches this number and surname." in response.content.decode()


def test_it_refuses_a_lookup_beyond_the_limit_with_429(client):
    certificate = _certificate()
    for _ in range(20):
        assert client.post(URL, {"number": "BTX-0", "surname": "x"}).status_code == 200

    response = client.post(URL, {"number": certificate.number, "surname": "Smith"})

    assert response.status_code == 429
    assert "Too many lookups from your address" in response.content.decode()
    other = client.post(
        URL, {"number": certificate.number, "surname": "Smith"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302  # another address is not affected


def _certificate_of_john_smith_jr():
    holder = qualified_applicant(full_legal_name="John Smith Jr.", family_name="Smith")
    return issued_certificate(holder=holder)


@pytest.mark.parametrize("surname", ["Smith", "smith", " SMÍTH "])
def test_the_family_name_as_the_holder_gave_it_finds_the_certificate(client, surname):
    certificate = _certificate_of_john_smith_jr()

    response = client.post(URL, {"number": certificate.number, "surname": surname})

    assert response.status_code == 302


def test_the_last_word_of_the_name_is_not_the_family_name(client):
    certificate = _certificate_of_john_smith_jr()

    response = client.post(URL, {"number": certificate.number, "surname": "Jr."})

    assert response.status_code == 200
    assert "No certificate matches" in response.content.decode()


def test_the_family_name_is_frozen_on_the_certificate_at_issue(client):
    certificate = _certificate_of_john_smith_jr()
    holder = certificate.holder
    holder.full_legal_name, holder.family_name = "John Jones", "Jones"
    holder.save(update_fields=["full_legal_name", "family_name"])

    response = client.post(URL, {"number": certificate.number, "surname": "Smith"})

    assert certificate.snapshot["holder_family_name"] == "Smith"
    assert response.status_code == 302


def test_an_accented_family_name_is_found_without_its_accents(client):
    holder = qualified_applicant(
        full_legal_name="María José García López", family_name="García López"
    )
    certificate = issued_certificate(holder=holder)

    response = client.post(URL, {"number": certificate.number, "surname": "garcia lopez"})

    assert response.status_code == 302
