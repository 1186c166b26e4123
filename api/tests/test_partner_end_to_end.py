"""The issue's "Done when", end to end through the real URLs: a program admin makes a partner
key and registers a webhook endpoint (a local HTTP server); a candidate completes the pathway and
is certified; the partner reads the certificate's status from the API, receives a signed webhook
for its issue, for the suspension and its lift by a board's discipline of the holder's license,
and for its revocation; and a wallet-style verifier, knowing nothing of our code, checks the
signed credential with the published key and reads the status list bits change."""

import base64
import gzip
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import JWKRegistry
from joserfc.jws import extract_compact

from accounts.models import MedicalLicense, ReviewStatus
from certification.models import Certificate
from certification.tests.certificates import candidate_at_last_step, pass_practical
from certification.tests.credential_keys import signing_key  # noqa: F401 (fixture)

from .helpers import auth, certificate_storage  # noqa: F401
from .test_webhooks import verifies

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("certificate_storage", "signing_key"),
]
SITE = "http://127.0.0.1:8000"


class Wallet:
    """A verifier on the outside: fetches the issuer's keys and status lists over HTTP."""

    def __init__(self, client):
        self.client = client

    def key_of(self, token: str):
        """did:web resolution: the issuer's DID document at /.well-known/did.json names the key
        the token's header points to (`kid` is a DID URL), among its assertion methods."""
        kid = extract_compact(token.encode()).protected["kid"]
        document = self.client.get("/.well-known/did.json").json()
        assert kid.split("#")[0] == document["id"] and kid in document["assertionMethod"]
        method = next(m for m in document["verificationMethod"] if m["id"] == kid)
        return JWKRegistry.import_key(method["publicKeyJwk"])

    def check(self, token: str) -> dict:
        """The bits of the credential's status entries, {"revocation": bool, "suspension":
        bool}, once its signature and its status lists' verify with the issuer's key."""
        claims = jwt.decode(token, self.key_of(token)).claims
        assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert (
            claims["iss"]
            == claims["issuer"]["id"]
            == self.client.get("/.well-known/did.json").json()["id"]
        )
        bits = {}
        for entry in claims["credentialStatus"]:
            response = self.client.get(entry["statusListCredential"].removeprefix(SITE))
            listed = response.content.decode()
            status_list = jwt.decode(listed, self.key_of(listed)).claims
            assert status_list["iss"] == claims["iss"]
            encoded = status_list["credentialSubject"]["encodedList"].removeprefix("u")
            bitstring = gzip.decompress(base64.urlsafe_b64decode(encoded + "=="))
            position = int(entry["statusListIndex"])
            bits[entry["statusPurpose"]] = bool(bitstring[position // 8] & (0x80 >> position % 8))
        return bits


def test_a_partner_follows_a_certificate_from_issue_to_revocation(
    client, admin_user, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory()
    staff, partner, wallet_client = client, type(client)(), type(client)()
    staff.force_login(admin_user)

    # The admin makes a verify key for the partner and registers its endpoint: both shown once.
    shown = staff.post(
        reverse("api:keys"),
        {"partner": "Bay Area Insurers", "scope": "verify", "label": "Verification"},
        follow=True,
    ).context["shown_once"]
    key = shown["value"]
    shown = staff.post(
        reverse("api:webhooks"),
        {
            "url": receiver.url,
            "events": ["certificate.issued", "certificate.suspended"]
            + ["certificate.reinstated", "certificate.revoked"],
        },
        follow=True,
    ).context["shown_once"]
    secret = shown["value"]

    # The candidate passes the practical exam, the last step: the certificate is issued.
    applicant, exam, examiner = candidate_at_last_step(full_legal_name="Dana Reyes")
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)
    certificate = Certificate.objects.get(holder=applicant, status=Certificate.Status.ISSUED)

    def api_status() -> str:
        response = partner.get(
            reverse("api:certificate_lookup"),
            {"number": certificate.number, "family_name": "Reyes"},
            **auth(key),
        )
        assert response.status_code == 200, response.content
        return response.json()["status"]

    holder_client = type(client)()
    holder_client.force_login(applicant)
    token = holder_client.get(
        reverse("certification:signed_credential", args=[certificate.pk])
    ).content.decode()
    wallet = Wallet(wallet_client)
    assert api_status() == "valid"
    assert wallet.check(token) == {"revocation": False, "suspension": False}

    # A board suspends the holder's license: the certificate is suspended everywhere.
    license = MedicalLicense.objects.get(applicant=applicant, status=ReviewStatus.VERIFIED)
    board = {
        "reason": "Order of the board pending an investigation.",
        "source": "Medical Board of California, order 2026-118",
        "action_date": timezone.localdate().isoformat(),
        "confirmed": "on",
    }
    discipline_url = reverse("accounts:license_discipline", args=[license.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(discipline_url, {"action": "suspend", **board}).status_code == 302
    assert api_status() == "suspended"
    assert wallet.check(token) == {"revocation": False, "suspension": True}

    # The board lifts it: in force again.
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(discipline_url, {"action": "lift", **board}).status_code == 302
    assert api_status() == "valid"
    assert wallet.check(token) == {"revocation": False, "suspension": False}

    # An admin revokes the certificate.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("certification:staff_revoke", args=[certificate.pk]),
            {"reason": "License obtained by fraud", "confirmed": "1"},
        )
    assert response.status_code == 302
    assert api_status() == "revoked"
    assert wallet.check(token)["revocation"] is True

    # The partner's endpoint got one signed event per change, each verifying with the secret.
    assert all(verifies(secret, headers, body) for headers, body in receiver.requests)
    events = [json.loads(body) for _, body in receiver.requests]
    assert [(e["type"], e["data"]["status"]) for e in events] == [
        ("certificate.issued", "valid"),
        ("certificate.suspended", "suspended"),
        ("certificate.reinstated", "valid"),
        ("certificate.revoked", "revoked"),
    ]
    assert {e["data"]["number"] for e in events} == {certificate.number}
