"""Certificate events reach a local HTTP server, signed the Standard Webhooks way, retried
after a 500; the outbox row is written in the certificate change's transaction; an endpoint
failing in a row is disabled and the admins told."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from api import services, webhooks
from api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from certification import services as certificate_services

from .helpers import certificate_storage, issued_certificate  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
Event = WebhookEndpoint.Event


def verifies(secret: str, headers, body: bytes) -> bool:
    """The receiver's check, written from the Standard Webhooks spec, not from our code."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    scheme, _, signature = headers["webhook-signature"].partition(",")
    return scheme == "v1" and hmac.compare_digest(signature, expected)


def _endpoint(admin_user, url, events=(Event.REVOKED,)):
    return services.create_endpoint(url=url, events=list(events), actor=admin_user)


def test_it_writes_the_event_in_the_transaction_of_the_change(admin_user):
    endpoint = _endpoint(admin_user, "http://127.0.0.1:9/hook")
    certificate = issued_certificate()

    with pytest.raises(RuntimeError), transaction.atomic():
        certificate_services.revoke_certificate(
            certificate=certificate, actor=admin_user, reason="x"
        )
        # Inside the transaction, before any commit: the outbox row and its delivery are there.
        event = WebhookEvent.objects.get(type=Event.REVOKED)
        assert event.deliveries.get().endpoint == endpoint
        raise RuntimeError("the change rolls back")

    # Rolled back with the change: no event for a revocation that did not happen.
    assert not WebhookEvent.objects.exists()


def test_it_delivers_a_signed_event_and_retries_after_a_500(
    admin_user, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory(statuses=[500, 200])
    endpoint = _endpoint(admin_user, receiver.url)
    certificate = issued_certificate()

    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.revoke_certificate(
            certificate=certificate, actor=admin_user, reason="Misconduct"
        )

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at > timezone.now()
    # The retry waits for its backoff; the beat sweep sends it once due.
    assert webhooks.send_due() == 0
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert webhooks.send_due() == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    assert [a.status_code for a in delivery.log.order_by("id")] == [500, 200]
    headers, body = receiver.requests[-1]
    assert verifies(endpoint.secret, headers, body)
    assert not verifies(endpoint.secret, headers, body.replace(b"revoked", b"issued"))
    payload = json.loads(body)
    assert payload["type"] == "certificate.revoked"
    assert payload["data"]["number"] == certificate.number
    assert payload["data"]["status"] == "revoked"
    assert headers["webhook-id"] == delivery.event.event_id


def test_it_sends_issued_events_to_subscribers_only(
    admin_user, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory()
    _endpoint(admin_user, receiver.url, events=[Event.ISSUED])
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issued_certificate()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.revoke_certificate(
            certificate=certificate, actor=admin_user, reason="x"
        )

    assert [json.loads(body)["type"] for _, body in receiver.requests] == ["certificate.issued"]


def test_it_does_not_follow_redirects(admin_user, receiver_factory):
    receiver = receiver_factory(statuses=[302])
    _endpoint(admin_user, receiver.url)
    certificate_services.revoke_certificate(
        certificate=issued_certificate(), actor=admin_user, reason="x"
    )
    delivery = WebhookDelivery.objects.get()

    webhooks.deliver(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == ("pending", 302)
    assert len(receiver.requests) == 1


def test_it_disables_an_endpoint_failing_in_a_row_and_tells_the_admins(
    admin_user, receiver_factory, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER = 2
    receiver = receiver_factory(statuses=[500, 500, 500])
    endpoint = _endpoint(admin_user, receiver.url)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            certificate_services.revoke_certificate(
                certificate=issued_certificate(), actor=admin_user, reason="x"
            )

    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures) == (False, 2)
    assert [m.to for m in mailoutbox if "disabled" in m.subject] == [[admin_user.email]]


def test_an_admin_redelivers_from_the_page(
    client, admin_user, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory()
    _endpoint(admin_user, receiver.url)
    certificate_services.revoke_certificate(
        certificate=issued_certificate(), actor=admin_user, reason="x"
    )
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", attempts=8)
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("api:redeliver", args=[delivery.pk]))

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == ("delivered", 200)
    assert len(receiver.requests) == 1


def test_an_event_is_not_lost_when_the_broker_is_down_at_commit(
    admin_user, receiver_factory, monkeypatch, django_capture_on_commit_callbacks
):
    from api.tasks import deliver_webhook

    receiver = receiver_factory()
    _endpoint(admin_user, receiver.url)

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(deliver_webhook, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            certificate = certificate_services.revoke_certificate(
                certificate=issued_certificate(), actor=admin_user, reason="x"
            )

    certificate.refresh_from_db()
    assert certificate.status == "revoked"  # the change committed all the same
    assert WebhookDelivery.objects.get().status == "pending" and not receiver.requests
    assert webhooks.send_due() == 1  # the beat sweep, with the broker back
    assert WebhookDelivery.objects.get().status == "delivered"


def test_the_webhooks_page_keeps_its_queries_constant(
    client, admin_user, django_assert_max_num_queries
):
    for number in range(3):
        _endpoint(admin_user, f"http://127.0.0.1:9/hook{number}")
    certificate_services.revoke_certificate(
        certificate=issued_certificate(), actor=admin_user, reason="x"
    )
    client.force_login(admin_user)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("api:webhooks"))

    assert len(response.context["deliveries"]) == 3


def test_it_names_renewals_and_reinstatements(admin_user):
    from certification.decisions import reinstate_certificate

    _endpoint(admin_user, "http://127.0.0.1:9/hook", events=list(Event.values))
    old = issued_certificate()
    issued_certificate(holder=old.holder, program=old.program, renews=old)
    revoked = issued_certificate()
    certificate_services.revoke_certificate(certificate=revoked, actor=admin_user, reason="x")
    reinstate_certificate(certificate=revoked, actor=admin_user, reason="Made in error")

    types = list(WebhookEvent.objects.order_by("id").values_list("type", flat=True))
    assert types == [
        "certificate.issued",
        "certificate.renewed",
        "certificate.issued",
        "certificate.revoked",
        "certificate.reinstated",
    ]
