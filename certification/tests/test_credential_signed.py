"""The holder downloads their certificate as an Open Badges 3.0 credential signed by the
issuer (a VC-JWT); it verifies with the key published at /.well-known/, and an altered or
forged one does not."""

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import ECKey

from certification import credentials, services
from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)
from .credential_keys import header, published, signing_key  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("certificate_storage", "signing_key"),
]


def _download(client, certificate):
    return client.get(reverse("certification:signed_credential", args=[certificate.pk]))


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_it_verifies_with_the_published_key_named_by_its_kid(client):
    certificate = issued_certificate()
    client.force_login(certificate.holder)

    response = _download(client, certificate)

    assert response.status_code == 200
    assert f'filename="certificate-{certificate.number}.jwt"' in response["Content-Disposition"]
    token = response.content.decode()
    did = credentials.issuer_did()
    assert did == "did:web:127.0.0.1%3A8000"
    kid = header(token)["kid"]
    assert kid.startswith(f"{did}#")
    key = published(client).get_by_kid(kid.partition("#")[2])
    claims = jwt.decode(token, key, algorithms=["ES256"]).claims
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["iss"] == claims["issuer"]["id"] == did
    assert claims["jti"] == claims["id"] == services.verify_url(certificate)
    assert claims["credentialSubject"]["achievement"]["name"] == certificate.program_name
    assert claims["validFrom"].startswith(certificate.issued_on.isoformat())
    assert claims["exp"] > claims["nbf"]
    # The same key is in the issuer's DID document, under the same id.
    document = client.get("/.well-known/did.json").json()
    assert document["id"] == did
    assert kid in document["assertionMethod"]


def test_a_tampered_credential_is_refused(client):
    certificate = issued_certificate()
    client.force_login(certificate.holder)
    token = _download(client, certificate).content.decode()
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = "Master Injector, with honours"
    tampered = ".".join([head, _b64(claims), signature])
    key = published(client).keys[0]

    with pytest.raises(BadSignatureError):
        jwt.decode(tampered, key, algorithms=["ES256"])
    verdict = credentials.verify(tampered)
    assert not verdict.authentic
    assert verdict.status == "invalid"
    assert credentials.verify(token).in_force


def test_a_credential_forged_with_another_key_under_the_issuers_kid_is_refused(client):
    certificate = issued_certificate()
    client.force_login(certificate.holder)
    token = _download(client, certificate).content.decode()
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    forger = ECKey.generate_key("P-256", private=True)

    forged = jwt.encode(header(token), claims, forger, algorithms=["ES256"])
    unsigned = ".".join([_b64({**header(token), "alg": "none"}), token.split(".")[1], ""])

    assert not credentials.verify(forged).authentic
    assert not credentials.verify(unsigned).authentic
    assert not credentials.verify("not a token").authentic


def test_its_status_position_is_allocated_once(client):
    certificate = issued_certificate()
    other = issued_certificate()
    client.force_login(certificate.holder)

    first = _download(client, certificate).content.decode()
    second = _download(client, certificate).content.decode()
    credentials.signed_credential(other)

    certificate.refresh_from_db()
    other.refresh_from_db()
    assert certificate.status_list_index is not None
    assert other.status_list_index not in (None, certificate.status_list_index)
    entries = jwt.decode(second, published(client).keys[0]).claims["credentialStatus"]
    assert [entry["statusPurpose"] for entry in entries] == ["revocation", "suspension"]
    assert {entry["type"] for entry in entries} == {"BitstringStatusListEntry"}
    assert first.split(".")[:2] == second.split(".")[:2]  # same header and claims each time


def test_an_admin_may_download_it_and_a_stranger_or_a_visitor_may_not(client, admin_user, stranger):
    certificate = issued_certificate()

    assert _download(client, certificate).status_code == 302  # to the sign-in page
    client.force_login(stranger)
    assert _download(client, certificate).status_code == 404
    client.force_login(admin_user)
    assert _download(client, certificate).status_code == 200


def test_a_revoked_certificate_has_no_credential_to_download(client, admin_user):
    certificate = issued_certificate()
    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Wrong holder")
    client.force_login(certificate.holder)

    assert _download(client, certificate).status_code == 404
    assert Certificate.objects.get(pk=certificate.pk).status_list_index is None


def test_the_certificate_page_offers_the_download_and_add_to_linkedin(client):
    certificate = issued_certificate()
    client.force_login(certificate.holder)

    page = client.get(reverse("certification:my_certificate", args=[certificate.pk]))

    html = page.content.decode()
    assert reverse("certification:signed_credential", args=[certificate.pk]) in html
    link = credentials.linkedin_add_url(certificate)
    assert link.replace("&", "&amp;") in html
    url = urlsplit(link)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://www.linkedin.com/profile/add"
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.program_name,
        "organizationName": "Aesthetic Injector Certification",
        "issueYear": str(certificate.issued_on.year),
        "issueMonth": str(certificate.issued_on.month),
        "expirationYear": str(certificate.expires_on.year),
        "expirationMonth": str(certificate.expires_on.month),
        "certUrl": services.verify_url(certificate),
        "certId": certificate.number,
    }
