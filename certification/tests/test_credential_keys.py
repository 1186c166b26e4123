"""The issuer's keys: published as a JWK set and a did:web document; a rotation keeps the old
public key published so credentials signed before it still verify; production refuses to start
without a configured key; the embedded mode generates one once."""

import stat

import pytest
from joserfc.jwk import RSAKey

from certification import credentials, keys

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)
from .credential_keys import KEY_A, KEY_B, use_key
from .test_production_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.usefixtures("certificate_storage")


@pytest.mark.django_db
def test_a_rotation_keeps_old_credentials_verifiable_while_the_old_key_is_published(
    client, settings
):
    use_key(settings, KEY_A)
    old_credential = credentials.signed_credential(issued_certificate())

    use_key(settings, KEY_B, retired=[KEY_A])
    new_credential = credentials.signed_credential(issued_certificate())

    kids = [key["kid"] for key in client.get("/.well-known/jwks.json").json()["keys"]]
    assert kids == [KEY_B.thumbprint(), KEY_A.thumbprint()]  # current first
    methods = client.get("/.well-known/did.json").json()["assertionMethod"]
    assert methods == [f"{credentials.issuer_did()}#{kid}" for kid in kids]
    assert credentials.verify(old_credential).in_force
    assert credentials.verify(new_credential).in_force

    use_key(settings, KEY_B)  # the old key withdrawn: what it signed no longer verifies
    assert not credentials.verify(old_credential).authentic
    assert credentials.verify(new_credential).in_force


@pytest.mark.django_db
def test_it_publishes_only_public_keys(client, settings):
    use_key(settings, KEY_A, retired=[KEY_B])

    response = client.get("/.well-known/jwks.json")

    assert response["Access-Control-Allow-Origin"] == "*"
    published = response.json()["keys"]
    assert all("d" not in key for key in published)
    assert published[0]["alg"] == "ES256" and published[0]["use"] == "sig"
    methods = client.get("/.well-known/did.json").json()["verificationMethod"]
    assert all("d" not in method["publicKeyJwk"] for method in methods)


def test_a_pem_key_from_the_environment_is_accepted(settings):
    pem = KEY_A.as_pem(private=True).decode()
    settings.CREDENTIAL_SIGNING_KEY = pem
    settings.CREDENTIAL_SIGNING_KEY_GENERATE = False

    assert keys.signing_key().kid == KEY_A.thumbprint()
    assert keys.algorithm_of(keys.signing_key()) == "ES256"


def test_the_embedded_mode_generates_a_key_once_kept_under_var(settings, tmp_path):
    path = tmp_path / "var" / "credential-signing-key.json"
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_SIGNING_KEY_GENERATE = True
    settings.CREDENTIAL_SIGNING_KEY_FILE = str(path)

    first = keys.signing_key()
    keys.signing_key.cache_clear()  # as a new process would
    again = keys.signing_key()

    assert isinstance(first, RSAKey)  # RS256: the algorithm every verifier supports
    assert first.kid == again.kid
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_production_refuses_to_start_without_a_signing_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("DJANGO_CREDENTIAL_SIGNING")}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_CREDENTIAL_SIGNING_KEY" in result.stderr


def test_production_refuses_a_key_file_inside_the_project():
    env = {**PRODUCTION_ENV, "DJANGO_CREDENTIAL_SIGNING_KEY_FILE": "var/credential-key.pem"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "must be outside the project" in result.stderr
