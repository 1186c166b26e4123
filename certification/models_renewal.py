"""Recertification by evidence: a holder's renewal, its CE items and its practice log.

A Renewal is the holder's file of evidence for renewing one certificate. It is a draft while the
holder gathers CE items and logged treatments, then `submitted` for a program admin's review
(possibly picked for a random CE audit at that moment), and ends `approved` (a new certificate
is created through the certificate outbox, which supersedes the old one once issued), `refused`,
or goes back to the holder `returned` with a reason to complete and submit again.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import private_storage
from programs.models import CECategory


def proof_path(instance, filename: str) -> str:
    # Never the uploaded name: it is stored apart (proof_name) and only shown, not trusted.
    return f"documents/ceproof/{uuid.uuid4().hex}"


class Renewal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Being prepared by the holder"
        SUBMITTED = "submitted", "Waiting for review"
        RETURNED = "returned", "Returned to the holder"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    certificate = models.ForeignKey(
        "certification.Certificate", on_delete=models.PROTECT, related_name="renewal_requests"
    )
    # Denormalised from the certificate: the audit trail finds the person by `holder`.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="renewals"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    # Null until submitted; the review queue reads the oldest submitted first.
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The rules in force at submission, frozen: a later change of the program's rules does not
    # move the goalposts of a renewal already under review.
    rules = models.JSONField(default=dict, blank=True)
    audited = models.BooleanField("picked for a CE audit", default=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    new_certificate = models.OneToOneField(
        "certification.Certificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_renewal",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One renewal in progress per certificate: evidence is gathered in one place.
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="one_open_renewal_per_certificate",
            )
        ]
        indexes = [
            # The review queue counts and reads the oldest submitted renewals (an index walk),
            # like the license and credential queues.
            models.Index(fields=["status", "submitted_at"], name="renewal_status_submitted"),
        ]

    def __str__(self):
        return f"Renewal of certificate {self.certificate.number or self.certificate_id}"

    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class CEItem(models.Model):
    """One continuing-education activity the holder reports (provider, title, category, hours)."""

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="ce_items")
    provider = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=CECategory.choices)
    completed_on = models.DateField("date completed")
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    proof = models.FileField(
        "certificate of completion",
        storage=private_storage,
        upload_to=proof_path,
        max_length=200,
        blank=True,
    )
    proof_name = models.CharField(max_length=200, blank=True)
    proof_content_type = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["completed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=Decimal(0)), name="ce_item_hours_positive")
        ]

    def __str__(self):
        return f"{self.title} ({self.provider})"

    def has_proof(self) -> bool:
        return bool(self.proof)


class PracticeEntry(models.Model):
    """One treatment performed since the last certificate, self-attested by the holder."""

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="practice_entries")
    performed_on = models.DateField("treatment date")
    area = models.CharField("treatment area", max_length=100)
    units = models.DecimalField(max_digits=5, decimal_places=1)
    supervisor_name = models.CharField("supervisor (optional)", max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["performed_on", "id"]
        verbose_name_plural = "practice entries"

    def __str__(self):
        return f"{self.area} on {self.performed_on}"
