"""Signing keys of the credential tests: generated once per test run (P-256, so fast), handed
to the settings the way an operator would (a JWK in DJANGO_CREDENTIAL_SIGNING_KEY)."""

import json

import pytest
from joserfc.jwk import ECKey, KeySet
from joserfc.jws import extract_compact

KEY_A = ECKey.generate_key("P-256", private=True)
KEY_B = ECKey.generate_key("P-256", private=True)


def use_key(settings, key, retired=()):
    settings.CREDENTIAL_SIGNING_KEY = json.dumps(key.as_dict(private=True))
    settings.CREDENTIAL_SIGNING_KEY_GENERATE = False
    settings.CREDENTIAL_RETIRED_KEYS = json.dumps(
        {"keys": [old.as_dict(private=False) for old in retired]}
    )


@pytest.fixture
def signing_key(settings):
    """The issuer signs with KEY_A; nothing retired."""
    use_key(settings, KEY_A)
    return KEY_A


def published(client) -> KeySet:
    """The key set as a verifier gets it: from /.well-known/jwks.json."""
    return KeySet.import_key_set(client.get("/.well-known/jwks.json").json())


def header(token: str) -> dict:
    return extract_compact(token.encode()).protected
