"""Every state change of partners' access: keys, consents, webhook endpoints, redeliveries."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.access import has_role
from accounts.errors import DomainError
from accounts.roles import Role

from . import targets
from .models import (
    Partner,
    PartnerKey,
    PathwayConsent,
    WebhookDelivery,
    WebhookEndpoint,
    hash_key,
    new_key,
)
from .webhooks import new_secret


def _require_admin(actor, what: str) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError(f"Only a program admin can {what}.")


@transaction.atomic
def create_key(*, partner_name: str, scope: str, program=None, label: str = "", actor) -> tuple:
    """(key row, the key itself): the key is returned once and only its hash is kept."""
    _require_admin(actor, "create API keys")
    if (scope == PartnerKey.Scope.PROGRAM) != (program is not None):
        raise DomainError("A program key names its program; other keys name none.")
    partner, _ = Partner.objects.get_or_create(name=partner_name.strip())
    prefix, key = new_key()
    row = PartnerKey.objects.create(
        partner=partner,
        label=label,
        prefix=prefix,
        key_hash=hash_key(key),
        scope=scope,
        program=program,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="api_key.created",
        target=row,
        to_state="active",
        data={"partner": partner.name, "scope": row.scope_label},
    )
    return row, key


@transaction.atomic
def revoke_key(*, key: PartnerKey, actor) -> PartnerKey:
    _require_admin(actor, "revoke API keys")
    key = PartnerKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise DomainError("This key is already revoked.")
    key.revoked_at, key.revoked_by = timezone.now(), actor
    key.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        actor=actor, action="api_key.revoked", target=key, from_state="active", to_state="revoked"
    )
    return key


@transaction.atomic
def grant_consent(*, applicant, partner: Partner) -> PathwayConsent:
    """The applicant lets `partner` read their pathway through the API."""
    try:
        with transaction.atomic():
            consent = PathwayConsent.objects.create(applicant=applicant, partner=partner)
    except IntegrityError:
        raise DomainError(f"{partner} can already read your pathway.") from None
    audit.record(
        actor=applicant,
        action="pathway_consent.granted",
        target=applicant,
        to_state="granted",
        data={"partner": partner.name},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, applicant, partner: Partner) -> PathwayConsent:
    consent = (
        PathwayConsent.objects.select_for_update()
        .filter(applicant=applicant, partner=partner, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        raise DomainError(f"{partner} has no consent of yours to withdraw.")
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit.record(
        actor=applicant,
        action="pathway_consent.withdrawn",
        target=applicant,
        from_state="granted",
        to_state="withdrawn",
        data={"partner": partner.name},
    )
    return consent


@transaction.atomic
def create_endpoint(
    *, url: str, events: list[str], description: str = "", actor
) -> WebhookEndpoint:
    """The secret is on the returned row: the page shows it once."""
    _require_admin(actor, "register webhook endpoints")
    try:
        targets.check_url(url)
    except targets.TargetRefused as refused:
        raise DomainError(str(refused)) from None
    if not events:
        raise DomainError("Choose at least one event.")
    endpoint = WebhookEndpoint.objects.create(
        url=url,
        events=sorted(events),
        description=description,
        secret=new_secret(),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="webhook_endpoint.created",
        target=endpoint,
        to_state="active",
        data={"url": url, "events": endpoint.events},
    )
    return endpoint


@transaction.atomic
def set_endpoint_active(*, endpoint: WebhookEndpoint, active: bool, actor) -> WebhookEndpoint:
    _require_admin(actor, "enable or disable webhook endpoints")
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.is_active == active:
        raise DomainError(f"This endpoint is already {'enabled' if active else 'disabled'}.")
    endpoint.is_active = active
    endpoint.disabled_at = None if active else timezone.now()
    endpoint.consecutive_failures = 0 if active else endpoint.consecutive_failures
    endpoint.save(update_fields=["is_active", "disabled_at", "consecutive_failures"])
    audit.record(
        actor=actor,
        action="webhook_endpoint.enabled" if active else "webhook_endpoint.disabled",
        target=endpoint,
        from_state="disabled" if active else "active",
        to_state="active" if active else "disabled",
    )
    return endpoint


@transaction.atomic
def redeliver(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Send the same event (same webhook-id, so the receiver can deduplicate) again now."""
    from .outbox import enqueue_deliveries

    _require_admin(actor, "redeliver webhooks")
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if not WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, is_active=True).exists():
        raise DomainError("Enable the endpoint before redelivering to it.")
    previous = delivery.status
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.claimed_at = None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_at"])
    audit.record(
        actor=actor,
        action="webhook_delivery.redelivered",
        target=delivery,
        from_state=previous,
        to_state=delivery.status,
    )
    transaction.on_commit(lambda: enqueue_deliveries([delivery.pk]))
    return delivery
