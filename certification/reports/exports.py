"""Report files (CSV and XLSX) and the export services: streamed when small, written by a
Celery task when large (more than settings.REPORT_STREAM_MAX_ROWS rows), every one audited.

CSV cells that would start a formula get a leading apostrophe (accounts/spreadsheets.csv_cell);
XLSX cells are typed, and text is always written as text, never as a formula."""

import csv
import io
import tempfile
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from accounts import audit
from accounts.access import has_role
from accounts.errors import DomainError
from accounts.roles import Role
from accounts.spreadsheets import csv_cell

from ..models_reports import ReportExport
from . import ce_roster, registry, tables
from .monthly import months_between
from .tasks import EXPORT_TIME_LIMIT, run_report_export

Status = ReportExport.Status
Kind = ReportExport.Kind
PROGRESS_EVERY = 500
# Still queued after this, its task never reached a worker (the broker was down at commit).
EXPORT_QUEUE_GRACE = timedelta(minutes=2)
SWEEP_BATCH = 100
WORKER_LOST = "The worker writing it stopped before it finished (restarted or out of memory)."
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- the files --------------------------------------------------------------------------------


def table_for(kind: str, parameters: dict) -> tables.Table:
    if kind == Kind.REGISTRY:
        return tables.registry_table(registry.RegistryFilters.from_parameters(parameters))
    if kind == Kind.CE_ROSTER:
        return tables.roster_table(ce_roster.RosterFilters.from_parameters(parameters))
    from datetime import date

    first, last = date.fromisoformat(parameters["first"]), date.fromisoformat(parameters["last"])
    return tables.monthly_table(first, last)


class _Echo:
    def write(self, value):
        return value


def csv_lines(table: tables.Table):
    """The CSV as a stream of lines, for a StreamingHttpResponse or a file."""
    writer = csv.writer(_Echo())
    yield writer.writerow(table.header)
    for row in table.rows:
        yield writer.writerow([csv_cell("" if cell is None else cell) for cell in row])


def _xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl reads a string starting with "=" as a formula: force text, and drop the
        # control characters the file format cannot hold.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    elif hasattr(value, "isoformat"):
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_xlsx(table: tables.Table, out, progress=None) -> int:
    # write_only: rows go to the file as they come, so a large registry never sits in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31].replace(":", " "))
    header = []
    for name in table.header:
        cell = _xlsx_cell(sheet, name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    workbook.save(out)
    return count


def write_csv(table: tables.Table, out, progress=None) -> int:
    count = -1  # the header line is not a row
    for line in csv_lines(table):
        out.write(line.encode("utf-8"))
        count += 1
        if progress and count and count % PROGRESS_EVERY == 0:
            progress(count)
    return count


def xlsx_bytes(table: tables.Table) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(table, buffer)
    return buffer.getvalue()


# --- the services ------------------------------------------------------------------------------


def _require_admin(by) -> None:
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can export reports.")


def _audit(export: ReportExport, actor, action: str, **data) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=export,
        to_state=export.status,
        data={
            "kind": export.kind,
            "format": export.file_format,
            "parameters": export.parameters,
            **data,
        },
    )


@transaction.atomic
def record_streamed(*, actor, kind: str, file_format: str, parameters: dict, rows: int):
    """A small export streamed straight into the response: its row and audit entry."""
    _require_admin(actor)
    now = timezone.now()
    export = ReportExport.objects.create(
        requested_by=actor,
        kind=kind,
        file_format=file_format,
        parameters=parameters,
        streamed=True,
        status=Status.DONE,
        rows_done=rows,
        rows_total=rows,
        started_at=now,
        finished_at=now,
    )
    _audit(export, actor, "report.downloaded", rows=rows)
    return export


@transaction.atomic
def request_export(*, actor, kind: str, file_format: str, parameters: dict, rows_total: int):
    """A large export: queued for the worker after commit; the page follows its progress."""
    _require_admin(actor)
    export = ReportExport.objects.create(
        requested_by=actor,
        kind=kind,
        file_format=file_format,
        parameters=parameters,
        rows_total=rows_total,
    )
    _audit(export, actor, "report.export_requested", rows=rows_total)
    run_report_export.delay_on_commit(export.pk)
    return export


def run_export(*, export_id: int) -> str:
    """The task's body. Claimed with a conditional update, so a second delivery does nothing."""
    now = timezone.now()
    if not ReportExport.objects.filter(pk=export_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now
    ):
        return "not queued"
    export = ReportExport.objects.get(pk=export_id)

    def progress(done: int) -> None:
        ReportExport.objects.filter(pk=export_id).update(rows_done=done)

    try:
        table = table_for(export.kind, export.parameters)
        ReportExport.objects.filter(pk=export_id).update(rows_total=table.total)
        with tempfile.TemporaryFile() as out:
            writer = write_xlsx if export.file_format == "xlsx" else write_csv
            rows = writer(table, out, progress)
            out.seek(0)
            export.file.save(export.download_name(), File(out), save=False)
    except Exception as error:  # the page says it failed; the log has the traceback
        if isinstance(error, SoftTimeLimitExceeded):  # raised in the task by its time limit
            error = f"It took longer than {EXPORT_TIME_LIMIT.total_seconds() / 60:.0f} minutes."
        ReportExport.objects.filter(pk=export_id, status=Status.RUNNING).update(
            status=Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        # Only while it is still ours: the sweep may have given it up (sweep_stalled_exports).
        finished = ReportExport.objects.filter(pk=export_id, status=Status.RUNNING).update(
            status=Status.DONE,
            file=export.file.name,
            rows_done=rows,
            rows_total=rows,
            finished_at=timezone.now(),
        )
        if finished:
            export.refresh_from_db()
            _audit(export, None, "report.export_written", rows=rows)
    if not finished:
        export.file.storage.delete(export.file.name)
        return "given up by the sweep"
    return "done"


def sweep_stalled_exports(*, now=None) -> tuple[int, int]:
    """The periodic job: an export whose task never reached a worker is queued again, and one
    whose worker stopped mid-write is marked failed, so that its page says to ask again rather
    than "Being written" for ever. A live task is stopped at EXPORT_TIME_LIMIT, so an export
    running longer (and a minute's grace) has no worker. (queued again, marked failed)."""
    now = now or timezone.now()
    undelivered = list(
        ReportExport.objects.filter(
            status=Status.QUEUED, created_at__lt=now - EXPORT_QUEUE_GRACE
        ).values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for export_id in undelivered:  # a second delivery does nothing: run_export claims first
        run_report_export.delay(export_id)
    lost = ReportExport.objects.filter(
        status=Status.RUNNING, started_at__lt=now - EXPORT_TIME_LIMIT - timedelta(minutes=1)
    )[:SWEEP_BATCH]
    failed = 0
    for export in lost:
        with transaction.atomic():
            if ReportExport.objects.filter(pk=export.pk, status=Status.RUNNING).update(
                status=Status.FAILED, error=WORKER_LOST, finished_at=now
            ):
                export.status = Status.FAILED
                _audit(export, None, "report.export_failed", reason=WORKER_LOST)
                failed += 1
    return len(undelivered), failed


def open_download(*, export: ReportExport, actor):
    """The finished file, opened; the download is audited (who downloaded what)."""
    if export.status != Status.DONE or not export.file:
        raise DomainError("This export has no file to download (not ready, failed or deleted).")
    handle = export.file.open("rb")
    with transaction.atomic():
        _audit(export, actor, "report.downloaded", rows=export.rows_done)
    return handle


def delete_old_exports(*, now=None) -> int:
    """The daily job: files older than REPORT_EXPORT_RETENTION_DAYS go, the rows stay."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORT_EXPORT_RETENTION_DAYS)
    count = 0
    old = ReportExport.objects.filter(status=Status.DONE, finished_at__lt=cutoff).exclude(file="")
    for export in old.iterator():
        with transaction.atomic():
            if not ReportExport.objects.filter(pk=export.pk, status=Status.DONE).update(
                status=Status.DELETED, file=""
            ):
                continue
            storage, name = export.file.storage, export.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
            count += 1
    return count


def monthly_parameters(first, last) -> dict:
    months = months_between(first, last)
    return {"first": months[0].isoformat(), "last": months[-1].isoformat()}
