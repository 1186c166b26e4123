"""The certificate: the outbox row of the last step, then the issued, verifiable document.

A Certificate is created `pending` in the transaction that completes the pathway; the render
task claims it, stores the PDF and its SHA-256 and marks it `issued`. What it says (names,
license, program, accreditation, dates, number) is frozen in `snapshot` and the date fields at
creation, so a re-render prints the same thing. Whether it is valid, expired or suspended is
derived when read (`public_status`), never stored.
"""

import secrets
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import (
    DISCIPLINED_STATUSES,
    MedicalLicense,
    SupportingCredential,
    private_document_path,
)
from programs.models import TrainingProgram


def private_storage():
    """Certificates are served only through permission-checked views, like license scans."""
    return storages["private"]


def certificate_path(instance, filename: str) -> str:
    return f"certificates/{instance.number}-{uuid.uuid4().hex[:12]}.pdf"


def new_verification_code() -> str:
    # 24 random bytes: 32 URL-safe characters, unguessable, what the QR code carries.
    return secrets.token_urlsafe(24)


class CertificatePolicy(models.Model):
    """What a program's certificates look like: validity and number prefix.

    Kept here rather than on TrainingProgram because the certificate layer owns it; a program
    without a policy uses settings.CERTIFICATE_VALIDITY_MONTHS and the prefix "BTX".
    """

    program = models.OneToOneField(
        TrainingProgram, on_delete=models.CASCADE, related_name="certificate_policy"
    )
    validity_months = models.PositiveSmallIntegerField(
        default=24, help_text="Months a certificate of this program is valid from its issue."
    )
    number_prefix = models.CharField(
        max_length=8, default="BTX", help_text="Printed before the year, e.g. BTX-2026-000123."
    )
    appeal_window_days = models.PositiveSmallIntegerField(
        "appeal window (days)",
        default=30,
        help_text="Days after a failed result or a revocation in which the person may appeal.",
    )

    class Meta:
        verbose_name_plural = "certificate policies"

    def __str__(self):
        return f"Certificates of {self.program}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        ISSUED = "issued", "Issued"
        REVOKED = "revoked", "Revoked"
        SUPERSEDED = "superseded", "Replaced by a renewal"

    class PublicStatus(models.TextChoices):
        """What the verification page says; derived at read time."""

        PENDING = "pending", "Being prepared"
        VALID = "valid", "Valid"
        EXPIRED = "expired", "Expired"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"
        SUPERSEDED = "superseded", "Replaced by a renewed certificate"

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    program = models.ForeignKey(TrainingProgram, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # Set right after the insert from the primary key (unique without a counter to race on).
    number = models.CharField(max_length=32, unique=True, null=True, blank=True)
    verification_code = models.CharField(
        max_length=64, unique=True, default=new_verification_code, editable=False
    )
    renews = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )

    # Frozen at creation: what the PDF prints, whatever changes later.
    snapshot = models.JSONField(default=dict)
    issued_on = models.DateField()
    expires_on = models.DateField()

    pdf = models.FileField(
        storage=private_storage, upload_to=certificate_path, max_length=200, blank=True
    )
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    # The render task's claim: only the holder of the token may mark the certificate issued.
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    # When a renewal's certificate replaced this one (services._supersede): the registry at a
    # past date reads it. Filled for older rows from the audit trail (this migration: 0006).
    superseded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(blank=True)
    # Raised when a result the certificate rests on changes after issue (a written item voided
    # or rekeyed flipped the pass to a fail): a program admin decides, nothing is revoked silently.
    flagged_at = models.DateTimeField(null=True, blank=True)
    flag_reason = models.TextField(blank=True)
    last_expiry_reminder_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # Its position in the issuer's Bitstring Status Lists (revocation and suspension share it):
    # allocated once, at random for herd privacy, when its signed credential is first made.
    status_list_index = models.PositiveIntegerField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One certificate in force per holder and program, and at most one on its way
            # (the first one, or a renewal being prepared while the old one is still in force).
            models.UniqueConstraint(
                fields=["holder", "program"],
                condition=Q(status="issued"),
                name="one_issued_certificate_per_holder_and_program",
            ),
            models.UniqueConstraint(
                fields=["holder", "program"],
                condition=Q(status="pending"),
                name="one_pending_certificate_per_holder_and_program",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="certificate_status_created"),
            models.Index(fields=["status", "expires_on"], name="certificate_status_expiry"),
        ]

    def __str__(self):
        return f"Certificate {self.number or '(unnumbered)'}"

    @property
    def holder_name(self) -> str:
        return self.snapshot.get("holder_name", "")

    @property
    def program_name(self) -> str:
        return self.snapshot.get("program_name", "")

    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def holder_has_current_license(self, today: date | None = None) -> bool:
        """The holder holds a verified, unexpired license (MedicalLicense.is_current).

        Reads `holder.medical_licenses.all()`: selectors prefetch it so lists stay constant."""
        today = today or timezone.localdate()
        return any(lic.is_current(today) for lic in self.holder.medical_licenses.all())

    def holder_license_disciplined(self) -> bool:
        """A license of the holder is suspended or revoked by its board (accounts/discipline.py).

        Same prefetched licenses as holder_has_current_license: no query of its own."""
        return any(lic.status in DISCIPLINED_STATUSES for lic in self.holder.medical_licenses.all())

    def public_status(self, today: date | None = None) -> str:
        """Revoked, then replaced, then expired, then suspended (no current license, or a license
        under a board's discipline), else valid."""
        today = today or timezone.localdate()
        if self.status == self.Status.REVOKED:
            return self.PublicStatus.REVOKED
        if self.status == self.Status.SUPERSEDED:
            return self.PublicStatus.SUPERSEDED
        if self.status == self.Status.PENDING:
            return self.PublicStatus.PENDING
        if self.expires_on < today:
            return self.PublicStatus.EXPIRED
        if not self.holder_has_current_license(today) or self.holder_license_disciplined():
            return self.PublicStatus.SUSPENDED
        return self.PublicStatus.VALID

    def public_status_label(self, today: date | None = None) -> str:
        return self.PublicStatus(self.public_status(today)).label

    def renewal_opens_on(self) -> date:
        """The program's renewal window (certification/renewals.py) opens this day."""
        return self.expires_on - timedelta(days=self.program.renewal_opens_days_before)

    def renewal_closes_on(self) -> date:
        """After this day the certificate has lapsed: the exams must be sat again."""
        return self.expires_on + timedelta(days=self.program.renewal_closes_days_after)

    def is_lapsed(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.ISSUED and today > self.renewal_closes_on()


class Appeal(models.Model):
    """A person's appeal against one decision, decided by an admin who did not make it.

    The decision appealed against is never edited here: `original_decision` keeps what it said,
    and its own row and audit entries stay as they were; the outcome is a new, audited action
    (certification/appeals.py)."""

    class Kind(models.TextChoices):
        LICENSE = "license", "Rejected license"
        CREDENTIAL = "credential", "Rejected credential"
        WRITTEN = "written", "Failed written exam"
        PRACTICAL = "practical", "Failed practical exam"
        REVOCATION = "revocation", "Revoked certificate"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        CONFIRMED = "confirmed", "Original decision confirmed"
        OVERTURNED = "overturned", "Decision overturned"
        RESIT_GRANTED = "resit_granted", "Result annulled, free resit granted"
        REINSTATED = "reinstated", "Certificate reinstated"

    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    license = models.ForeignKey(
        MedicalLicense, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    credential = models.ForeignKey(
        SupportingCredential, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attempt = models.ForeignKey(
        "exams.Attempt", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sitting = models.ForeignKey(
        "exams.PracticalSitting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField()
    document = models.FileField(
        storage=private_storage, upload_to=private_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(max_length=200, blank=True)
    document_content_type = models.CharField(max_length=64, blank=True)
    # What was decided and by whom, copied when the appeal is made.
    original_decision = models.TextField()
    original_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="appeal_status_submitted")]

    def __str__(self):
        return f"Appeal #{self.pk}: {self.get_kind_display()}"

    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


# Recertification by evidence lives in its own module; imported here so Django registers it.
from .models_renewal import CEItem, PracticeEntry, Renewal  # noqa: E402, F401
from .models_reports import ReportExport  # noqa: E402, F401
