"""Report exports for regulators and the board (certification/reports/): who asked for which
file, with which parameters, how far its task got, and where the file is kept (privately).

Every export leaves a row, streamed ones included: the row is what the audit entry points at,
so "who downloaded what" is one look at the audit trail."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import private_storage


def export_path(instance, filename: str) -> str:
    return f"reports/{instance.kind}-{uuid.uuid4().hex[:16]}.{instance.file_format}"


class ReportExport(models.Model):
    class Kind(models.TextChoices):
        REGISTRY = "registry", "Registry"
        CE_ROSTER = "ce_roster", "CE roster"
        MONTHLY = "monthly", "Monthly figures"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being written"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"
        # The file was deleted after REPORT_EXPORT_RETENTION_DAYS; the row and its audit stay.
        DELETED = "deleted", "File deleted"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_exports"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    file_format = models.CharField(max_length=8, choices=Format.choices)
    # The report's parameters as the form parsed them (dates as ISO strings, ids as numbers).
    parameters = models.JSONField(default=dict, blank=True)
    # Streamed straight into the response (small), rather than written by a task.
    streamed = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    file = models.FileField(
        storage=private_storage, upload_to=export_path, max_length=200, blank=True
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="report_export_requester"),
            models.Index(fields=["status", "finished_at"], name="report_export_status_done"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} export #{self.pk} ({self.get_file_format_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.DELETED)

    def download_name(self) -> str:
        stamp = (self.finished_at or self.created_at).strftime("%Y%m%d-%H%M")
        return f"{self.kind.replace('_', '-')}-{stamp}.{self.file_format}"
