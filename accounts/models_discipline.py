"""License discipline and monitoring imports (accounts/discipline.py, accounts/monitoring.py):
what boards decided about verified licenses, and the files of their decisions as imported."""

from django.db import models
from django.utils import timezone

from .models import MedicalLicense, User, private_document_path, private_storage


class LicenseAction(models.Model):
    """One disciplinary decision on a verified license: suspended, revoked, or suspension lifted.

    Never edited: lifting a suspension is a new row, so the board's action stays on record."""

    class Kind(models.TextChoices):
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"
        LIFTED = "lifted", "Suspension lifted"

    license = models.ForeignKey(
        MedicalLicense, on_delete=models.CASCADE, related_name="disciplinary_actions"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.TextField(help_text="What the board decided and why; the holder reads it.")
    source = models.CharField(
        max_length=200, help_text="Who reported it, e.g. the board's order or bulletin."
    )
    action_date = models.DateField("date of the board's action")
    document = models.FileField(
        storage=private_storage, upload_to=private_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(max_length=200, blank=True)
    document_content_type = models.CharField(max_length=64, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.license}"


class MonitoringImport(models.Model):
    """A board's disciplinary or license-status file, uploaded for review; changes nothing."""

    file_name = models.CharField(max_length=200)
    source = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d})"


class MonitoringMatch(models.Model):
    """A row of an import that names a license we verified and would change its standing."""

    class Reported(models.TextChoices):
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"
        ACTIVE = "active", "Active (in good standing)"

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPLIED = "applied", "Applied"
        DISMISSED = "dismissed", "Dismissed"

    monitoring_import = models.ForeignKey(
        MonitoringImport, on_delete=models.CASCADE, related_name="matches"
    )
    line_number = models.PositiveIntegerField()
    license = models.ForeignKey(MedicalLicense, on_delete=models.CASCADE, related_name="+")
    reported_status = models.CharField(max_length=16, choices=Reported.choices)
    action_date = models.DateField()
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["monitoring_import", "line_number"]

    def __str__(self):
        return f"Line {self.line_number}: {self.license} reported {self.reported_status}"
