"""The API answers a valid key within its scope, refuses the rest with a JSON code, and logs
every call."""

import pytest
from django.urls import reverse

from api import services
from api.models import ApiCall, PartnerKey
from programs.tests.factories import ProgramFactory

from .helpers import Scope, auth, certificate_storage, issued_certificate, make_key  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _by_code(certificate):
    return reverse("api:certificate_by_code", args=[certificate.verification_code])


def test_it_gives_the_public_facts_of_a_certificate_by_code(client):
    certificate = issued_certificate()
    row, key = make_key()

    response = client.get(_by_code(certificate), **auth(key))

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == certificate.number
    assert body["status"] == "valid"
    assert body["holder_name"] == certificate.snapshot["holder_name"]
    # Only the public facts: no license number, no e-mail.
    assert "license_number" not in body and certificate.holder.email not in str(body)
    call = ApiCall.objects.get()
    assert (call.key, call.status, call.path) == (row, 200, _by_code(certificate))


def test_it_finds_a_certificate_by_number_and_family_name(client):
    certificate = issued_certificate()
    _, key = make_key()
    family = certificate.snapshot["holder_family_name"]
    url = reverse("api:certificate_lookup")

    found = client.get(url, {"number": certificate.number, "family_name": family}, **auth(key))
    wrong = client.get(url, {"number": certificate.number, "family_name": "Nobody"}, **auth(key))
    invalid = client.get(url, {"number": certificate.number}, **auth(key))

    assert found.status_code == 200 and found.json()["number"] == certificate.number
    assert wrong.status_code == 404 and wrong.json()["code"] == "not_found"
    assert invalid.status_code == 400 and invalid.json()["code"] == "invalid"
    assert "family_name" in invalid.json()["fields"]


def test_it_refuses_a_missing_key(client):
    certificate = issued_certificate()

    response = client.get(_by_code(certificate))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert ApiCall.objects.get().key is None


def test_it_refuses_a_wrong_key(client):
    certificate = issued_certificate()
    _, key = make_key()

    response = client.get(_by_code(certificate), **auth(key[:-2] + "xx"))

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_key"


def test_it_refuses_a_revoked_key(client, admin_user):
    certificate = issued_certificate()
    row, key = make_key()
    services.revoke_key(key=row, actor=admin_user)

    response = client.get(_by_code(certificate), **auth(key))

    assert response.status_code == 401
    assert response.json()["code"] == "revoked_key"


def test_it_refuses_a_key_out_of_its_scope(client):
    program, other = ProgramFactory(), ProgramFactory()
    _, verify_only = make_key()
    _, other_program = make_key(Scope.PROGRAM, program=other)
    url = reverse("api:program_holders", args=[program.pk])

    for key in (verify_only, other_program):
        response = client.get(url, **auth(key))
        assert response.status_code == 403
        assert response.json()["code"] == "out_of_scope"
    url = reverse("api:applicant_pathway")
    pathway = client.get(url, {"email": "a@b.test"}, **auth(verify_only))
    assert pathway.status_code == 403


def test_it_throttles_per_key(client, settings):
    settings.API_RATE_PER_KEY = "2/minute"
    certificate = issued_certificate()
    _, key = make_key()
    _, other = make_key(partner="Other Board")

    codes = [client.get(_by_code(certificate), **auth(key)).status_code for _ in range(3)]

    assert codes == [200, 200, 429]
    assert client.get(_by_code(certificate), **auth(key)).json()["code"] == "throttled"
    # Another key has its own allowance.
    assert client.get(_by_code(certificate), **auth(other)).status_code == 200


def test_it_answers_when_the_cache_is_down(client, settings):
    # Nothing listens on port 1: every Redis call fails. The production cache backend falls back
    # to counting in the process (certification/cache.py); the call goes through.
    settings.CACHES = {
        "default": {
            "BACKEND": "certification.cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    certificate = issued_certificate()
    _, key = make_key()

    response = client.get(_by_code(certificate), **auth(key))

    assert response.status_code == 200


def test_it_keeps_only_a_hash_of_the_key(db):
    row, key = make_key()
    assert key not in str(PartnerKey.objects.filter(pk=row.pk).values().get())
