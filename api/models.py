"""Partners and their API keys, the calls they make, applicants' consents, and webhooks.

Keys are stored as a SHA-256 of the key: a key is 32 random bytes, so a fast hash is as safe
as a slow one (nothing to brute-force) and costs nothing per request; the short prefix finds
the row. The key itself is shown once, when it is made.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from programs.models import TrainingProgram

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """(prefix, full key): the prefix is public (shown in lists and logs), the rest is secret."""
    prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
    return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"


class Partner(models.Model):
    """An employer, insurer, board or training platform that holds keys and receives consents."""

    name = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerKey(models.Model):
    class Scope(models.TextChoices):
        VERIFY = "verify", "Verify certificates only"
        PROGRAM = "program", "A program's certified holders (and verify)"
        PATHWAY = "pathway", "Pathway of consenting applicants (and verify)"

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="keys")
    label = models.CharField(max_length=120, blank=True)
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, unique=True)
    key_hash = models.CharField(max_length=64)
    scope = models.CharField(max_length=16, choices=Scope.choices)
    program = models.ForeignKey(
        TrainingProgram, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="program", program__isnull=False)
                | (~Q(scope="program") & Q(program__isnull=True)),
                name="partner_key_program_iff_program_scope",
            )
        ]

    def __str__(self):
        return f"{self.partner} key {self.prefix}"

    @property
    def scope_label(self) -> str:
        """What the docs call it: verify, program:<id> or pathway."""
        return f"program:{self.program_id}" if self.scope == self.Scope.PROGRAM else self.scope

    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiCall(models.Model):
    """One request to /api/v1/, answered or refused."""

    key = models.ForeignKey(
        PartnerKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class PathwayConsent(models.Model):
    """An applicant lets a partner read their pathway; withdrawn by setting `withdrawn_at`."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pathway_consents"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="consents")
    granted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "partner"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_applicant_and_partner",
            )
        ]

    def __str__(self):
        return f"Consent to {self.partner}"


class WebhookEndpoint(models.Model):
    class Event(models.TextChoices):
        ISSUED = "certificate.issued", "Certificate issued"
        REVOKED = "certificate.revoked", "Certificate revoked"
        SUSPENDED = "certificate.suspended", "Certificate suspended"
        REINSTATED = "certificate.reinstated", "Certificate reinstated"
        RENEWED = "certificate.renewed", "Certificate renewed"

    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    # Standard Webhooks secret ("whsec_" + base64 of the key); needed in clear to sign.
    secret = models.CharField(max_length=100)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.url


class WebhookEvent(models.Model):
    """The outbox: written in the transaction of the certificate change it announces."""

    event_id = models.CharField(max_length=40, unique=True)
    type = models.CharField(max_length=40)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (retries exhausted)"

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self):
        return f"Delivery {self.pk} ({self.status})"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery, with what came back."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"Attempt {self.status_code or self.error}"
