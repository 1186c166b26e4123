"""Program admins make keys (shown once, a hash kept), revoke them after a confirmation, see
the call log, and register webhook endpoints (the secret shown once); nobody else may."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from api.models import ApiCall, PartnerKey, WebhookEndpoint, hash_key
from programs.tests.factories import ProgramFactory

from .helpers import Scope, make_key

pytestmark = pytest.mark.django_db


def test_an_admin_makes_a_program_key_shown_once(client, admin_user):
    program = ProgramFactory()
    client.force_login(admin_user)

    response = client.post(
        reverse("api:keys"),
        {
            "partner": "State Board",
            "label": "registry sync",
            "scope": "program",
            "program": program.pk,
        },
        follow=True,
    )

    key = PartnerKey.objects.get()
    assert (key.partner.name, key.scope, key.program, key.created_by) == (
        "State Board",
        Scope.PROGRAM,
        program,
        admin_user,
    )
    shown = response.context["shown_once"]["value"]
    assert key.key_hash == hash_key(shown)
    assert AuditEntry.objects.filter(action="api_key.created", target_id=str(key.pk)).exists()
    # Shown once: the next visit does not show it again.
    assert shown not in client.get(reverse("api:keys")).content.decode()


def test_a_program_key_needs_its_program(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("api:keys"), {"partner": "Board", "scope": "program"})
    assert response.status_code == 200
    assert not PartnerKey.objects.exists()


def test_an_admin_revokes_a_key_after_confirming(client, admin_user):
    row, _ = make_key()
    client.force_login(admin_user)
    url = reverse("api:revoke_key", args=[row.pk])

    asked = client.post(url)
    row.refresh_from_db()
    assert asked.status_code == 200 and row.revoked_at is None

    client.post(url, {"confirmed": "1"})
    row.refresh_from_db()
    assert row.revoked_by == admin_user
    assert AuditEntry.objects.filter(action="api_key.revoked", target_id=str(row.pk)).exists()


def test_the_keys_page_lists_the_calls_in_constant_queries(
    client, admin_user, django_assert_max_num_queries
):
    row, _ = make_key()
    for status in (200, 401, 429):
        ApiCall.objects.create(key=row, method="GET", path="/api/v1/x", status=status)
    make_key(partner="Other")
    client.force_login(admin_user)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("api:keys"))

    assert len(response.context["calls"]) == 3


def test_an_admin_registers_an_endpoint_with_its_secret_shown_once(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("api:webhooks"),
        {"url": "https://partner.example/hooks", "events": ["certificate.revoked"]},
        follow=True,
    )

    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["certificate.revoked"]
    assert response.context["shown_once"]["value"] == endpoint.secret
    assert endpoint.secret.startswith("whsec_")


def test_an_endpoint_is_http_or_https_only(client, admin_user):
    client.force_login(admin_user)
    client.post(
        reverse("api:webhooks"), {"url": "file:///etc/passwd", "events": ["certificate.revoked"]}
    )
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("name", ["api:keys", "api:webhooks"])
def test_the_admin_pages_refuse_other_roles(client, applicant, name):
    client.force_login(applicant)
    assert client.get(reverse(name)).status_code == 403
