"""Revocation and suspension as W3C Bitstring Status Lists, computed from the database.

Each certificate with a signed credential holds one position (`status_list_index`) in two lists
of the issuer: `revocation` (revoked, or replaced by a renewal) and `suspension` (issued and
unexpired while the holder has no current license: what the public page calls suspended). A
list is never stored: it is computed from the certificates when asked for and cached briefly,
so revoking, suspending and reinstating flip the bit without any step of their own, and the
list cannot disagree with the public verification page for longer than that cache.
"""

import base64
import gzip
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from accounts.models import DISCIPLINED_STATUSES, AuditEntry, MedicalLicense, ReviewStatus

from .models import Certificate

PURPOSES = ("revocation", "suspension")
# 131,072 positions (16 KB) per list: the Bitstring Status List's minimum, so that a list
# says nothing about how many certificates there are or which one a verifier is checking.
LIST_SIZE = 131_072
# Positions are drawn at random; a new list is opened before one is half full, so a draw
# rarely meets a taken position.
MAX_DRAWS = 32
GENERATION_KEY = "credential-status:generation"

Status = Certificate.Status


def list_url(purpose: str, number: int) -> str:
    path = reverse("credential_status_list", args=[purpose, number])
    return f"{settings.SITE_URL}{path}"


def allocate_index(certificate: Certificate) -> int:
    """The certificate's position in the status lists, drawn once: a conditional update sets it
    only while it is empty, and the unique column refuses a position another certificate took
    at the same instant (then another is drawn)."""
    if certificate.status_list_index is not None:
        return certificate.status_list_index
    for _ in range(MAX_DRAWS):
        taken = Certificate.objects.filter(status_list_index__isnull=False).count()
        lists = 1 + taken // (LIST_SIZE // 2)
        candidate = secrets.randbelow(LIST_SIZE * lists)
        try:
            with transaction.atomic():
                Certificate.objects.filter(
                    pk=certificate.pk, status_list_index__isnull=True
                ).update(status_list_index=candidate)
        except IntegrityError:
            continue  # the position is another certificate's
        certificate.refresh_from_db(fields=["status_list_index"])
        if certificate.status_list_index is not None:
            # A list cached before this position was taken says nothing of it: a suspended
            # holder's first download must not read as in force until the cache expires.
            forget_cached_lists()
            return certificate.status_list_index
    raise RuntimeError("No free status list position found; the lists are too full.")


def entries(index: int) -> list[dict]:
    """The credential's `credentialStatus`: one entry per purpose, same position in each."""
    number, position = divmod(index, LIST_SIZE)
    return [
        {
            "id": f"{list_url(purpose, number)}#{position}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": str(position),
            "statusListCredential": list_url(purpose, number),
        }
        for purpose in PURPOSES
    ]


def list_count() -> int:
    """How many lists there are (at least one, so the first list's URL always answers)."""
    highest = (
        Certificate.objects.filter(status_list_index__isnull=False)
        .order_by("-status_list_index")
        .values_list("status_list_index", flat=True)
        .first()
    )
    return 1 if highest is None else highest // LIST_SIZE + 1


def set_positions(purpose: str, number: int, today=None) -> list[int]:
    """The positions whose bit is set in one list: one query, whatever the number of rows.

    The rules are Certificate.public_status's, as a query: revoked or replaced for revocation;
    issued, unexpired, and without a verified unexpired license (MedicalLicense.is_current) or
    with a license under a board's discipline (suspended or revoked: a holder may hold another
    license still current) for suspension.
    certification/tests/test_credential_status_list.py checks they agree."""
    today = today or timezone.localdate()
    start = number * LIST_SIZE
    in_list = Certificate.objects.filter(
        status_list_index__gte=start, status_list_index__lt=start + LIST_SIZE
    )
    if purpose == "revocation":
        chosen = in_list.filter(status__in=[Status.REVOKED, Status.SUPERSEDED])
    else:
        current_license = MedicalLicense.objects.filter(
            applicant=OuterRef("holder_id"),
            status=ReviewStatus.VERIFIED,
            expires_on__gte=today,
        )
        disciplined_license = MedicalLicense.objects.filter(
            applicant=OuterRef("holder_id"), status__in=DISCIPLINED_STATUSES
        )
        chosen = in_list.filter(status=Status.ISSUED, expires_on__gte=today).filter(
            ~Exists(current_license) | Exists(disciplined_license)
        )
    return [index - start for index in chosen.values_list("status_list_index", flat=True)]


def encode(positions: list[int]) -> str:
    """GZIP-compressed bitstring, multibase base64url (the `u` prefix); position 0 is the
    leftmost bit of the first byte, as the Bitstring Status List specifies."""
    bits = bytearray(LIST_SIZE // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("The encoded list is not multibase base64url.")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit_is_set(bits: bytes, position: int) -> bool:
    if not 0 <= position < len(bits) * 8:
        raise ValueError("The status list index is outside the list.")
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def status_list_credential(purpose: str, number: int) -> dict:
    """The list as an (unsigned) BitstringStatusListCredential of the issuer."""
    from .credentials import issuer_did  # the issuer's identity lives beside the signing

    url = list_url(purpose, number)
    now = timezone.now().replace(microsecond=0)
    ttl = settings.CREDENTIAL_STATUS_LIST_TTL
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": now.isoformat().replace("+00:00", "Z"),
        # Good for a day: a verifier holding a copy longer must fetch it again.
        "validUntil": (now + timedelta(days=1)).isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode(set_positions(purpose, number)),
            "ttl": ttl * 1000,  # milliseconds, per the specification
        },
    }


def signed_status_list(purpose: str, number: int) -> str:
    """The list credential, signed (a VC-JWT), from the cache when it was made moments ago."""
    from .credentials import sign

    generation = cache.get(GENERATION_KEY, "0")
    key = f"credential-status:{generation}:{purpose}:{number}"
    token = cache.get(key)
    if token is None:
        token = sign(status_list_credential(purpose, number))
        cache.set(key, token, timeout=settings.CREDENTIAL_STATUS_LIST_TTL)
    return token


def forget_cached_lists() -> None:
    """Every cached list is stale at once: a new generation, no need to know which exist.

    Called in the transaction of the change, not on commit (the services' on-commit queues hold
    their own side effects only): a list computed in the instant between this and the commit
    can still be cached, and then lives for CREDENTIAL_STATUS_LIST_TTL at most."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


@receiver(post_save, sender=Certificate)
@receiver(post_save, sender=MedicalLicense)
def _status_may_have_changed(**kwargs):
    forget_cached_lists()


@receiver(post_save, sender=AuditEntry)
def _audited_change(*, instance, created, **kwargs):
    # Every state change is audited, including the conditional UPDATEs that send no post_save
    # (the daily license expiry): a certificate's or a license's change may flip a bit.
    if created and instance.action.startswith(("certificate.", "license.")):
        forget_cached_lists()
