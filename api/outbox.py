"""Certificate changes become webhook events, in the transaction of the change.

The listener reads the audit entry every certificate transition writes (`accounts.audit.record`
is called inside the transition's transaction), so the event row and its deliveries commit or
roll back with the change: none is lost when the broker is down at commit, none is sent for a
change that rolled back. The deliveries are queued on commit and swept by beat.
"""

import logging
import uuid

from django.db import transaction
from django.utils import timezone

from accounts.compiled_reads import CompiledRead
from certification.models import Certificate

from .models import WebhookDelivery, WebhookEndpoint, WebhookEvent

# Read at every audited certificate change (a burst of issues reads it a thousand times, and
# mostly finds none): its SQL compiled once per process.
_ACTIVE_ENDPOINTS = CompiledRead(lambda: WebhookEndpoint.objects.filter(is_active=True))

log = logging.getLogger(__name__)
Event = WebhookEndpoint.Event

# Audit actions of certificates -> the event partners subscribe to. "certificate.suspended" and
# "certificate.unsuspended" are written per certificate by the license lifecycle
# (certification/standing.py: a license suspended, revoked or lapsed suspends the certificates,
# its lift or a new license restores them). Partners see a lifted suspension as "reinstated",
# like a revocation undone: either way the certificate is in force again (`data.status` says).
AUDIT_EVENTS = {
    "certificate.issued": Event.ISSUED,
    "certificate.revoked": Event.REVOKED,
    "certificate.suspended": Event.SUSPENDED,
    "certificate.unsuspended": Event.REINSTATED,
    "certificate.reinstated": Event.REINSTATED,
}


def certificate_facts(certificate: Certificate) -> dict:
    """The public facts, as the verification page shows them: nothing more leaves the site."""
    from certification.services import verify_url

    snapshot = certificate.snapshot
    return {
        "number": certificate.number,
        "status": certificate.public_status(),
        "holder_name": snapshot.get("holder_name", ""),
        "program_name": snapshot.get("program_name", ""),
        "accreditation_body": snapshot.get("accreditation_body", ""),
        "accreditation_number": snapshot.get("accreditation_number", ""),
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
        "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
        "verification_url": verify_url(certificate),
    }


def on_audit_entry(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    event_type = AUDIT_EVENTS.get(instance.action)
    if event_type is None:
        return
    # The endpoints first (one small query): when none listens, as in most of a burst of
    # issues, the certificate and its holder's licenses are not read (two queries less each).
    possible = {event_type, Event.RENEWED} if event_type == Event.ISSUED else {event_type}
    if not any(possible & set(e.events) for e in _ACTIVE_ENDPOINTS.objects()):
        return
    certificate = (
        Certificate.objects.select_related("holder")
        .prefetch_related("holder__medical_licenses")
        .filter(pk=instance.target_id)
        .first()
    )
    if certificate is None:
        return
    if event_type == Event.ISSUED and certificate.renews_id:
        event_type = Event.RENEWED
    record_event(type=event_type, data=certificate_facts(certificate))


def record_event(*, type: str, data: dict) -> WebhookEvent | None:
    """The outbox row and one delivery per endpoint subscribed; the sends queued on commit.
    Nothing at all when no endpoint wants the event (no row to keep forever)."""
    endpoints = [e for e in _ACTIVE_ENDPOINTS.objects() if type in e.events]
    if not endpoints:
        return None
    now = timezone.now()
    event = WebhookEvent.objects.create(
        event_id=f"msg_{uuid.uuid4().hex}",
        type=type,
        payload={"type": type, "timestamp": now.isoformat(), "data": data},
        created_at=now,
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(event=event, endpoint=endpoint, next_attempt_at=now)
            for endpoint in endpoints
        ]
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: enqueue_deliveries(ids))
    return event


def enqueue_deliveries(ids: list[int]) -> None:
    """On commit. A broker that is down must not fail the certificate change: the rows are
    there, and the beat sweep sends them."""
    from .tasks import deliver_webhook

    for delivery_id in ids:
        try:
            deliver_webhook.delay(delivery_id)
        except Exception:
            log.exception("Could not queue webhook delivery %s; the sweep sends it", delivery_id)
