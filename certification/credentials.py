"""Signed Open Badges 3.0 credentials: each issued certificate as an `OpenBadgeCredential`
secured as a VC-JWT (Open Badges 3.0, section 8.2), and the check of one, end to end.

The issuer is `did:web:<this site's host>`; its DID document and JWK set are published under
/.well-known/ (views_credentials.py). The JOSE header names the key by its DID URL
(`did:web:...#<thumbprint>`); the JWT claims carry the credential itself, with `iss`, `jti`,
`nbf` and `exp` mapped from its issuer, id and validity as the specification asks.
"""

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from . import credential_status, keys, services
from .documents import open_badge_credential
from .models import Certificate


def issuer_did() -> str:
    """did:web of the site's host (a port's colon percent-encoded, as did:web requires)."""
    host = urlsplit(settings.SITE_URL).netloc.lower()
    return "did:web:" + quote(host, safe="")


def verification_method(key: Key) -> str:
    return f"{issuer_did()}#{key.kid}"


def did_document() -> dict:
    """The issuer's DID document: every published key, current and retired, may assert."""
    did = issuer_did()
    methods = [
        {
            "id": verification_method(key),
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": keys.public_jwk(key),
        }
        for key in keys.published_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def achievement_id(program_id: int) -> str:
    # The same name for every certificate of the program, stable across deploys.
    program_url = f"{settings.SITE_URL}/programs/{program_id}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, program_url)}"


def _timestamp(moment: str) -> int:
    return int(datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp())


def sign(credential: dict) -> str:
    """A credential as a compact JWS with the current key; the JWT claims mirror the
    credential's issuer, id and validity (Open Badges 3.0, 8.2.4.1)."""
    key = keys.signing_key()
    issuer = credential["issuer"]
    claims = {
        **credential,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "nbf": _timestamp(credential["validFrom"]),
    }
    if "validUntil" in credential:
        claims["exp"] = _timestamp(credential["validUntil"])
    subject_id = credential.get("credentialSubject", {}).get("id")
    if subject_id:
        claims["sub"] = subject_id
    header = {"alg": keys.algorithm_of(key), "typ": "JWT", "kid": verification_method(key)}
    return jwt.encode(header, claims, key, algorithms=[header["alg"]])


def open_badge(certificate: Certificate) -> dict:
    """The certificate as an OpenBadgeCredential with its status entries (unsigned)."""
    index = credential_status.allocate_index(certificate)
    credential = open_badge_credential(
        services.render_data(certificate),
        verify_url=services.verify_url(certificate),
        issuer_url=issuer_did(),
        issuer_name=settings.SITE_NAME,
        achievement_id=achievement_id(certificate.program_id),
    )
    credential["issuer"]["url"] = f"{settings.SITE_URL}/"
    credential["credentialStatus"] = credential_status.entries(index)
    return credential


def signed_credential(certificate: Certificate) -> str:
    return sign(open_badge(certificate))


def linkedin_add_url(certificate: Certificate) -> str:
    """LinkedIn's add-to-profile link, filled with the certification as issued."""
    issued: date = certificate.issued_on
    expires: date = certificate.expires_on
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.snapshot.get("program_name", ""),
        "organizationName": settings.SITE_NAME,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "expirationYear": expires.year,
        "expirationMonth": expires.month,
        "certUrl": services.verify_url(certificate),
        "certId": certificate.number or "",
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


# --- verifying --------------------------------------------------------------------------------


class NotAuthentic(Exception):
    """The token is not a credential this issuer signed (format, key, signature, issuer)."""


@dataclass
class Verdict:
    """`authentic`: signed by this issuer's published key and unaltered. `status`: valid,
    not yet valid, expired, revoked, suspended, or invalid when not authentic."""

    authentic: bool
    status: str
    checks: list[str] = field(default_factory=list)
    credential: dict | None = None

    @property
    def in_force(self) -> bool:
        return self.authentic and self.status == "valid"


def _verify_signature(token: str, published: KeySet) -> dict:
    """The claims of a token signed by one of the published keys, named by its DID URL."""
    try:
        header = jws.extract_compact(token.encode("ascii")).protected
    except (JoseError, UnicodeError, ValueError) as error:
        raise NotAuthentic(f"Not a compact JWS: {error}") from error
    kid = header.get("kid", "")
    did, _, thumbprint = str(kid).partition("#")
    if did != issuer_did() or not thumbprint:
        raise NotAuthentic(f"The key {kid!r} is not one of this issuer's ({issuer_did()}).")
    try:
        key = published.get_by_kid(thumbprint)
    except JoseError:
        raise NotAuthentic(f"The key {thumbprint} is not published by this issuer.") from None
    try:
        # The algorithm is the one of the published key, never the token's say-so.
        token_obj = jwt.decode(token, key, algorithms=[keys.algorithm_of(key)])
    except (JoseError, ValueError) as error:
        raise NotAuthentic(f"The signature does not verify: {error}") from error
    return dict(token_obj.claims)


def _check_issuer(claims: dict, expected_type: str) -> None:
    issuer = claims.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if claims.get("iss") != issuer_did() or issuer_id != issuer_did():
        raise NotAuthentic(f"The issuer is {issuer_id!r}, not {issuer_did()}.")
    if expected_type not in (claims.get("type") or []):
        raise NotAuthentic(f"It is not an {expected_type}.")


STATUS_LIST_LEEWAY = 60  # seconds; the usual allowance for clocks a little apart


def _status_bit(entry: dict, published: KeySet, now: int) -> bool:
    """Whether the entry's bit is set, read from this issuer's signed status list."""
    url = str(entry.get("statusListCredential", ""))
    if not url.startswith(f"{settings.SITE_URL}/"):
        raise NotAuthentic(f"The status list {url!r} is not this issuer's.")
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        raise NotAuthentic(f"The status list {url!r} does not exist.") from None
    if match.url_name != "credential_status_list":
        raise NotAuthentic(f"{url!r} is not a status list.") from None
    purpose, number = match.kwargs["purpose"], match.kwargs["number"]
    if purpose != entry.get("statusPurpose") or purpose not in credential_status.PURPOSES:
        raise NotAuthentic(f"The status entry's purpose does not match its list {url!r}.")
    status_list = credential_status.signed_status_list(purpose, number)
    list_claims = _verify_signature(status_list, published)
    _check_issuer(list_claims, "BitstringStatusListCredential")
    # A list made after `now` was taken (the second may tick over while it is signed) is still
    # current: its validFrom is the moment it was made, at most a little after `now`.
    if not list_claims.get("nbf", 0) - STATUS_LIST_LEEWAY <= now <= list_claims.get("exp", now):
        raise NotAuthentic("The status list is not current.")
    subject = list_claims["credentialSubject"]
    try:
        position = int(str(entry.get("statusListIndex", "")))
        return credential_status.bit_is_set(
            credential_status.decode(subject["encodedList"]), position
        )
    except (ValueError, OSError) as error:
        raise NotAuthentic(f"The status entry cannot be read: {error}") from error


def verify(token: str, *, published: KeySet | None = None, now: int | None = None) -> Verdict:
    """Check a signed credential end to end: signature against the published key its header
    names, issuer, validity dates, then the bits of its revocation and suspension lists."""
    published = published or keys.published_keys()
    now = int(time.time()) if now is None else now
    token = token.strip()
    checks: list[str] = []
    try:
        claims = _verify_signature(token, published)
        checks.append("signature verifies with the issuer's published key")
        _check_issuer(claims, "OpenBadgeCredential")
        checks.append(f"issued by {issuer_did()}")
    except NotAuthentic as error:
        return Verdict(authentic=False, status="invalid", checks=[*checks, str(error)])
    entries = claims.get("credentialStatus") or []
    set_purposes = set()
    if not entries:
        checks.append("no status entry: revocation cannot be checked")
    for entry in entries if isinstance(entries, list) else [entries]:
        try:
            is_set = _status_bit(entry, published, now)
        except NotAuthentic as error:
            return Verdict(authentic=False, status="invalid", checks=[*checks, str(error)])
        purpose = entry.get("statusPurpose")
        checks.append(f"{purpose} bit is {'set' if is_set else 'clear'}")
        if is_set:
            set_purposes.add(purpose)
    # In the public page's order: revoked, then out of its dates, then suspended.
    if "revocation" in set_purposes:
        status = "revoked"
    elif now < claims.get("nbf", 0):
        status = "not yet valid"
    elif "exp" in claims and now > claims["exp"]:
        status = "expired"
    elif "suspension" in set_purposes:
        status = "suspended"
    else:
        status = "valid"
    return Verdict(authentic=True, status=status, checks=checks, credential=claims)


def utc_datetime(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)
