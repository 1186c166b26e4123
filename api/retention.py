"""How long partners' traffic is kept: the API call log and the webhook deliveries (with their
attempts and events) go after API_CALL_RETENTION_DAYS / WEBHOOK_RETENTION_DAYS. They are
operational records (who called, what answered), not the certificates' history: the audit trail
keeps every certificate change, key and endpoint for good.

Deleted in batches, so that a first run over a year of calls holds no lock for long. A delivery
still being sent (pending) is kept whatever its age; an event goes once no delivery is left.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import ApiCall, WebhookDelivery, WebhookEvent

BATCH = 5_000


@dataclass
class PurgeRun:
    api_calls: int = 0
    deliveries: int = 0
    events: int = 0


def _delete_in_batches(queryset) -> int:
    deleted = 0
    while ids := list(queryset.values_list("pk", flat=True)[:BATCH]):
        queryset.model.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    return deleted


def purge_partner_logs(*, now: datetime | None = None) -> PurgeRun:
    now = now or timezone.now()
    calls_before = now - timedelta(days=settings.API_CALL_RETENTION_DAYS)
    webhooks_before = now - timedelta(days=settings.WEBHOOK_RETENTION_DAYS)
    run = PurgeRun()
    run.api_calls = _delete_in_batches(ApiCall.objects.filter(at__lt=calls_before))
    # Attempts go with their delivery (on_delete=CASCADE).
    run.deliveries = _delete_in_batches(
        WebhookDelivery.objects.filter(event__created_at__lt=webhooks_before).exclude(
            status=WebhookDelivery.Status.PENDING
        )
    )
    run.events = _delete_in_batches(
        WebhookEvent.objects.filter(created_at__lt=webhooks_before).exclude(
            Exists(WebhookDelivery.objects.filter(event=OuterRef("pk")))
        )
    )
    return run
