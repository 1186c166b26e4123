"""Sending webhooks the Standard Webhooks way (https://www.standardwebhooks.com/).

Each request carries `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 of
HMAC-SHA256(key, "id.timestamp.body")>`, where the key is the base64 part of the endpoint's
`whsec_` secret. A delivery is claimed with a conditional UPDATE (two workers, one request),
sent with a short timeout, only to a public address checked at the time of sending
(api/targets.py), without following redirects, and logged. A failure is retried
with exponential backoff by the beat sweep (`send_due`); after WEBHOOK_MAX_ATTEMPTS it is
failed. An endpoint failing WEBHOOK_DISABLE_AFTER times in a row is disabled and the program
admins are e-mailed.
"""

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts import audit
from accounts.actors import SYSTEM
from accounts.emails import queue_email, render_email
from accounts.models import User
from accounts.roles import Role

from . import targets
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)
Status = WebhookDelivery.Status
# A claim older than this belongs to a worker that died mid-request.
CLAIM_TIMEOUT = timedelta(minutes=5)
SWEEP_BATCH = 500


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify_signature(secret: str, headers, body: bytes, *, tolerance: int = 300, now=None) -> bool:
    """The receiver's side (Standard Webhooks): the signature of `webhook-id.webhook-timestamp.
    body` with the secret, and a timestamp within `tolerance` seconds (a replayed old request
    fails). `headers` is any mapping with the three webhook headers."""
    try:
        msg_id, timestamp = headers["webhook-id"], int(headers["webhook-timestamp"])
        signatures = headers["webhook-signature"].split()
    except (KeyError, TypeError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret, msg_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at 6 h: a partner's outage of a day is ridden out."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def post(url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    """(status code, error): the status of any answer, None when none came. The address is
    checked (api/targets.py: no private network, resolved once, connected to the checked
    address) and a redirect is not followed: it could point the signed payload elsewhere, so
    a 3xx counts as a failure."""
    try:
        status = targets.post(url, body, headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    except targets.TargetRefused as refused:
        return None, str(refused)[:500]
    except Exception as error:  # refused, timed out, TLS: all a failed attempt
        return None, repr(error)[:500]
    return status, "" if 200 <= status < 300 else f"HTTP {status}"


def _claim(delivery_id: int, now) -> bool:
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


def deliver(*, delivery_id: int, now=None) -> str:
    """The task's body: send one delivery if it is due; safe to run twice."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return "not due or claimed"
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    endpoint, event = delivery.endpoint, delivery.event
    if not endpoint.is_active:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=Status.FAILED, claimed_at=None, last_error="The endpoint is disabled."
        )
        return "endpoint disabled"
    body = json.dumps(event.payload, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "certification-webhooks/1",
        "webhook-id": event.event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(endpoint.secret, event.event_id, timestamp, body),
    }
    started = time.monotonic()
    status_code, error = post(endpoint.url, body, headers)
    elapsed = int((time.monotonic() - started) * 1000)
    ok = status_code is not None and 200 <= status_code < 300
    _record_outcome(delivery, status_code=status_code, error=error, ok=ok, elapsed=elapsed)
    return "delivered" if ok else "failed"


@transaction.atomic
def _record_outcome(delivery, *, status_code, error, ok, elapsed) -> None:
    now = timezone.now()
    WebhookAttempt.objects.create(
        delivery=delivery, at=now, status_code=status_code, error=error, duration_ms=elapsed
    )
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.last_status_code, delivery.last_error, delivery.claimed_at = status_code, error, None
    if ok:
        delivery.status, delivery.delivered_at = Status.DELIVERED, now
        endpoint.consecutive_failures = 0
        endpoint.save(update_fields=["consecutive_failures"])
    else:
        if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = Status.FAILED
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        endpoint.consecutive_failures += 1
        endpoint.save(update_fields=["consecutive_failures"])
        if endpoint.is_active and endpoint.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER:
            _disable(endpoint, now)
    delivery.save(
        update_fields=[
            "status",
            "delivered_at",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "claimed_at",
        ]
    )


def _disable(endpoint: WebhookEndpoint, now) -> None:
    endpoint.is_active = False
    endpoint.disabled_at = now
    endpoint.save(update_fields=["is_active", "disabled_at"])
    audit.record(
        actor=SYSTEM,
        action="webhook_endpoint.disabled",
        target=endpoint,
        from_state="active",
        to_state="disabled",
        reason=f"{endpoint.consecutive_failures} failed deliveries in a row",
    )
    subject, body = render_email(
        "webhook_endpoint_disabled",
        {"endpoint": endpoint, "site_url": settings.SITE_URL},
    )
    for email in program_admin_emails():
        queue_email(to=email, subject=subject, body=body)


def program_admin_emails() -> list[str]:
    from accounts.access import role_permission

    codename = role_permission(Role.PROGRAM_ADMIN).split(".", 1)[1]
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename))
        .values_list("email", flat=True)
        .distinct()
    )


def send_due(*, now=None) -> int:
    """The beat sweep: every delivery due (never queued, broker down, a retry's time come, a
    worker that died) is queued again; the claim lets one send through."""
    from .outbox import enqueue_deliveries

    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    enqueue_deliveries(ids)
    return len(ids)
