"""The issuer's keys for signed credentials: the one it signs with now, and the ones it signed
with before a rotation, whose public parts stay published so that old credentials still verify.

Every key is named by its RFC 7638 thumbprint (`kid`): the name follows from the key itself, so
nothing has to be kept in step by hand when a key is rotated. The private key comes from the
environment or a file (settings.CREDENTIAL_SIGNING_KEY*); the embedded mode generates one once
under var/. All cryptography is joserfc's (and, under it, `cryptography`'s).
"""

import json
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from joserfc.errors import JoseError
from joserfc.jwk import JWKRegistry, Key, KeySet

# The algorithm each key type signs with. RS256 is the one every Open Badges 3.0 verifier must
# accept, so a generated key is RSA; an operator may bring a P-256 or Ed25519 key instead.
ALGORITHMS = {"RSA": "RS256", "EC": "ES256", "OKP": "EdDSA"}
GENERATED_KEY_BITS = 3072


def algorithm_of(key: Key) -> str:
    return ALGORITHMS[key.key_type]


def _import(value: str | bytes | dict, *, source: str) -> Key:
    """A key from a JWK (dict or JSON) or a PEM, whatever its type; a clear error otherwise."""
    try:
        if isinstance(value, (str, bytes)) and value.strip()[:1] in ("{", b"{"):
            value = json.loads(value)
        if isinstance(value, dict):
            key = JWKRegistry.import_key(value)
        else:
            key = None
            for key_type in ("RSA", "EC", "OKP"):
                try:
                    key = JWKRegistry.import_key(value, key_type)
                    break
                except (JoseError, ValueError, TypeError):
                    continue
            if key is None:
                raise ValueError("not a PEM key of a supported type")
    except (JoseError, ValueError, TypeError) as error:
        message = f"The credential key in {source} cannot be read: {error}"
        raise ImproperlyConfigured(message) from error
    if key.key_type not in ALGORITHMS:
        raise ImproperlyConfigured(f"The credential key in {source} is not RSA, EC or OKP.")
    if key.key_type == "EC" and key.get("crv") != "P-256":
        raise ImproperlyConfigured(f"The EC credential key in {source} must use the P-256 curve.")
    return _named(key)


def _named(key: Key) -> Key:
    """The key with its thumbprint as `kid` (replacing any name it came with)."""
    data = key.as_dict(private=key.is_private)
    data.pop("kid", None)
    data["kid"] = JWKRegistry.import_key(data).thumbprint()
    return JWKRegistry.import_key(data)


def _generate_once(path: Path) -> Key:
    """The embedded mode's key: generated the first time, then read. Created exclusively with
    owner-only permissions, so two processes starting at once end up with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        key = JWKRegistry.generate_key("RSA", GENERATED_KEY_BITS, private=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process won the race; read its key below
        else:
            with os.fdopen(fd, "w") as handle:
                json.dump(key.as_dict(private=True), handle)
    return _import(path.read_text(), source=str(path))


@cache
def signing_key() -> Key:
    """The private key credentials are signed with now."""
    if settings.CREDENTIAL_SIGNING_KEY:
        key = _import(settings.CREDENTIAL_SIGNING_KEY, source="DJANGO_CREDENTIAL_SIGNING_KEY")
    elif settings.CREDENTIAL_SIGNING_KEY_GENERATE:
        key = _generate_once(Path(settings.CREDENTIAL_SIGNING_KEY_FILE))
    else:
        path = Path(settings.CREDENTIAL_SIGNING_KEY_FILE)
        try:
            text = path.read_text()
        except OSError as error:
            message = f"The credential signing key file {path}: {error}"
            raise ImproperlyConfigured(message) from error
        key = _import(text, source=str(path))
    if not key.is_private:
        raise ImproperlyConfigured("The credential signing key must be a private key.")
    return key


def _retired_keys() -> list[Key]:
    value = settings.CREDENTIAL_RETIRED_KEYS.strip()
    if not value:
        return []
    source = "DJANGO_CREDENTIAL_RETIRED_KEYS"
    if value[:1] not in ("{", "["):
        try:
            value, source = Path(value).read_text(), value
        except OSError as error:
            message = f"The retired credential keys file {value}: {error}"
            raise ImproperlyConfigured(message) from error
    try:
        data = json.loads(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"The retired credential keys in {source}: {error}") from error
    entries = data.get("keys", []) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ImproperlyConfigured(f"The retired credential keys in {source} are not a JWK set.")
    return [_import(entry, source=source) for entry in entries]


def _public(key: Key) -> Key:
    return JWKRegistry.import_key(key.as_dict(private=False))


@cache
def published_keys() -> KeySet:
    """The public keys anyone may check a credential with: the current one first, then the
    retired ones (kept so that credentials signed before a rotation still verify)."""
    current = signing_key()
    keys = [_public(current)]
    for key in _retired_keys():
        if key.kid != current.kid and all(key.kid != known.kid for known in keys):
            keys.append(_public(key))
    return KeySet(keys)


def public_jwk(key: Key) -> dict:
    """A published key as JSON, with the algorithm and use it is for."""
    return {**key.as_dict(private=False), "alg": algorithm_of(key), "use": "sig"}


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    # Tests (and only tests) change the key settings while the process runs.
    if setting.startswith("CREDENTIAL_"):
        signing_key.cache_clear()
        published_keys.cache_clear()
