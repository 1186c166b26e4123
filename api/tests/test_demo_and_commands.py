"""The partners' demo and commands: `create_partner_key` prints a working key once (its hash
kept), refused for anyone but a program admin; the demo endpoint is seeded once; a receiver's
signature check refuses a tampered body and a replayed old request."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from api import webhooks
from api.demo import DEMO_WEBHOOK_URL, seed_partners
from api.models import PartnerKey, WebhookEndpoint, hash_key

pytestmark = pytest.mark.django_db


def test_create_partner_key_prints_a_key_that_works_once(admin_user, capsys, client):
    call_command("create_partner_key", partner="Demo Insurer", by=admin_user.email)

    key = capsys.readouterr().out.strip().splitlines()[-1]
    row = PartnerKey.objects.get()
    assert (row.partner.name, row.scope, row.key_hash) == ("Demo Insurer", "verify", hash_key(key))
    assert key not in str(list(PartnerKey.objects.values()))
    assert AuditEntry.objects.get(action="api_key.created").actor == admin_user
    response = client.get(
        reverse("api:certificate_by_code", args=["unknown"]), HTTP_AUTHORIZATION=f"Api-Key {key}"
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_create_partner_key_is_refused_to_anyone_but_a_program_admin():
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    with pytest.raises(CommandError, match="Only a program admin"):
        call_command("create_partner_key", partner="Acme", by=instructor.email)
    assert not PartnerKey.objects.exists()


def test_the_demo_endpoint_is_seeded_once():
    UserFactory(email="admin@demo.test", roles=[Role.PROGRAM_ADMIN])

    lines = seed_partners()
    seed_partners()

    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.url == DEMO_WEBHOOK_URL and set(endpoint.events) == set(
        WebhookEndpoint.Event.values
    )
    assert any("create_partner_key" in line for line in lines)


def test_a_receiver_checks_the_signature_and_the_timestamp():
    secret, body = webhooks.new_secret(), b'{"type":"certificate.revoked"}'
    now = int(time.time())
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(now),
        "webhook-signature": webhooks.sign(secret, "msg_1", now, body),
    }

    assert webhooks.verify_signature(secret, headers, body)
    assert not webhooks.verify_signature(secret, headers, body.replace(b"revoked", b"issued"))
    assert not webhooks.verify_signature(webhooks.new_secret(), headers, body)
    assert not webhooks.verify_signature(secret, headers, body, now=now + 3600)  # replayed
    assert not webhooks.verify_signature(secret, {}, body)
