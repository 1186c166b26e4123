"""The API call log and finished webhook deliveries are deleted after their retention (90 days
by default) by a daily beat job; a delivery still being sent is kept, and the audit trail is
never touched."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AuditEntry
from api import services, tasks
from api.models import ApiCall, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.outbox import record_event
from api.retention import purge_partner_logs

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


def _traffic(delivery_status):
    ApiCall.objects.create(method="GET", path="/api/v1/certificates/x", status=200)
    event = record_event(type="certificate.revoked", data={"number": "C-1"})
    delivery = event.deliveries.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=delivery_status)
    WebhookAttempt.objects.create(delivery=delivery, status_code=200)
    return event


def test_it_deletes_what_is_past_its_retention_and_keeps_the_rest(admin_user, settings):
    settings.API_CALL_RETENTION_DAYS = settings.WEBHOOK_RETENTION_DAYS = 90
    endpoint = services.create_endpoint(
        url="https://hooks.partner.example/", events=["certificate.revoked"], actor=admin_user
    )
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=100), tick=False):
        old_delivered = _traffic(Status.DELIVERED)
        old_failed = _traffic(Status.FAILED)
        old_pending = _traffic(Status.PENDING)
    with time_machine.travel(start - timedelta(days=80), tick=False):
        recent = _traffic(Status.DELIVERED)
    audit_entries = AuditEntry.objects.count()

    with time_machine.travel(start, tick=False):
        run = purge_partner_logs()

    assert (run.api_calls, run.deliveries, run.events) == (3, 2, 2)
    assert ApiCall.objects.count() == 1
    assert set(WebhookEvent.objects.values_list("pk", flat=True)) == {old_pending.pk, recent.pk}
    assert not WebhookEvent.objects.filter(pk__in=[old_delivered.pk, old_failed.pk]).exists()
    assert WebhookAttempt.objects.count() == 2  # of the pending and the recent deliveries
    assert AuditEntry.objects.count() == audit_entries
    assert WebhookEndpoint.objects.get() == endpoint

    # Ten more days: the recent ones have aged past it as well; running twice is harmless.
    with time_machine.travel(start + timedelta(days=11), tick=False):
        assert purge_partner_logs().api_calls == 1
        assert purge_partner_logs().api_calls == 0
    assert list(WebhookEvent.objects.values_list("pk", flat=True)) == [old_pending.pk]


def test_it_runs_daily_from_beat_and_as_a_command(settings, capsys):
    job = settings.CELERY_BEAT_SCHEDULE["purge-partner-logs"]
    assert job["task"] == "api.tasks.purge_partner_logs"
    assert tasks.purge_partner_logs() == {"api_calls": 0, "deliveries": 0, "events": 0}
    call_command("purge_partner_logs")
    assert "0 API calls older than 90 days" in capsys.readouterr().out
