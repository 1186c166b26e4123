"""Registry and CE roster downloads: CSV (formula cells escaped) and XLSX read back; a large
export runs as a task with its progress and a download for the requester only; every export is
audited; old files are deleted by the daily job; an export whose task was lost is queued again,
one whose worker stopped is marked failed."""

import csv
import io
from datetime import date, timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AuditEntry
from certification.models import ReportExport
from certification.reports import exports
from certification.reports.exports import (
    EXPORT_QUEUE_GRACE,
    WORKER_LOST,
    delete_old_exports,
    sweep_stalled_exports,
)
from certification.reports.tasks import EXPORT_TIME_LIMIT

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .reports import certificate_issued_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]

JAN = date(2026, 1, 10)
FORMULA_NAME = '=HYPERLINK("http://evil.test","Click")'


@pytest.fixture
def export_storage(certificate_storage, monkeypatch):  # noqa: F811
    monkeypatch.setattr(ReportExport._meta.get_field("file"), "storage", storages["private"])


@pytest.fixture
def two_certificates():
    first = certificate_issued_on(JAN)
    second = certificate_issued_on(JAN)
    second.snapshot["holder_name"] = FORMULA_NAME
    second.save(update_fields=["snapshot"])
    return first, second


def download(client, file_format, **params):
    data = {"as_of": "2026-03-01", "program": "", "jurisdiction": "", "status": "", **params}
    return client.post(
        reverse("certification:reports_registry_download"), {**data, "format": file_format}
    )


def test_the_registry_csv_escapes_formula_cells_and_is_audited(
    client, admin_user, two_certificates
):
    client.force_login(admin_user)
    response = download(client, "csv")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Certificate number" and len(rows) == 3
    names = {row[1] for row in rows[1:]}
    assert "'" + FORMULA_NAME in names
    assert {row[-1] for row in rows[1:]} == {"Valid"}
    export = ReportExport.objects.get()
    assert (export.streamed, export.status, export.rows_total) == (True, "done", 2)
    entry = AuditEntry.objects.get(action="report.downloaded")
    assert entry.actor == admin_user and entry.data["parameters"]["as_of"] == "2026-03-01"


def test_the_registry_xlsx_reads_back_with_text_never_a_formula(
    client, admin_user, two_certificates
):
    client.force_login(admin_user)
    response = download(client, "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Certificate number" and len(rows) == 3
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    formula = next(cell for cell in cells if cell.value == FORMULA_NAME)
    assert formula.data_type == "s"
    assert rows[1][6].date() == JAN  # dates are dates


def test_a_large_export_runs_as_a_task_and_only_its_requester_and_admins_download_it(
    client,
    admin_user,
    applicant,
    stranger,
    two_certificates,
    settings,
    export_storage,
    django_capture_on_commit_callbacks,
):
    settings.REPORT_STREAM_MAX_ROWS = 1
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = download(client, "xlsx")

    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:report_export", args=[export.pk])
    assert (export.status, export.rows_done, export.rows_total) == ("done", 2, 2)
    assert not export.streamed and export.file.name.startswith("reports/registry-")
    status = client.get(reverse("certification:report_export_status", args=[export.pk])).json()
    assert (status["percent"], status["finished"]) == (100, True)
    page = client.get(response["Location"]).content.decode()
    assert "data-export-download" in page and "report-export.js" not in page  # finished

    file = client.get(status["download_url"])
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    assert sheet.max_row == 3
    actions = list(
        AuditEntry.objects.filter(target_id=str(export.pk), action__startswith="report.")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["report.export_requested", "report.export_written", "report.downloaded"]

    client.force_login(stranger)
    for name in ("report_export", "report_export_status", "report_export_file"):
        assert client.get(reverse(f"certification:{name}", args=[export.pk])).status_code == 404


def test_the_export_page_polls_while_the_task_has_not_finished(client, admin_user):
    export = ReportExport.objects.create(
        requested_by=admin_user, kind="registry", file_format="csv", rows_total=10, rows_done=4
    )
    client.force_login(admin_user)
    page = client.get(reverse("certification:report_export", args=[export.pk])).content.decode()
    assert "js/report-export.js" in page and 'value="40"' in page
    assert (
        client.get(reverse("certification:report_export_file", args=[export.pk])).status_code == 404
    )


def test_old_export_files_are_deleted_and_their_rows_kept(
    admin_user, settings, export_storage, django_capture_on_commit_callbacks
):
    export = ReportExport.objects.create(
        requested_by=admin_user,
        kind="registry",
        file_format="csv",
        status="done",
        finished_at=timezone.now() - timedelta(days=settings.REPORT_EXPORT_RETENTION_DAYS + 1),
    )
    from django.core.files.base import ContentFile

    export.file.save("old.csv", ContentFile(b"a,b\n"))
    recent = ReportExport.objects.create(
        requested_by=admin_user,
        kind="registry",
        file_format="csv",
        status="done",
        finished_at=timezone.now(),
    )
    recent.file.save("new.csv", ContentFile(b"a,b\n"))
    name = export.file.name

    with django_capture_on_commit_callbacks(execute=True):
        assert delete_old_exports() == 1

    export.refresh_from_db()
    assert (export.status, export.file.name) == ("deleted", "")
    assert not storages["private"].exists(name)
    recent.refresh_from_db()
    assert recent.status == "done" and storages["private"].exists(recent.file.name)


def test_downloads_are_for_program_admins_only(client, applicant, two_certificates):
    client.force_login(applicant)
    assert download(client, "csv").status_code == 403
    assert client.get(reverse("certification:reports_registry")).status_code == 403
    assert not ReportExport.objects.exists()


def test_bad_parameters_on_a_download_go_back_to_the_page_with_nothing_exported(client, admin_user):
    client.force_login(admin_user)
    response = download(client, "pdf", as_of="2026-13-45")
    assert response.status_code == 302 and "as_of=2026-13-45" in response["Location"]
    page = client.get(response["Location"])
    assert 'data-field-error="as_of"' in page.content.decode()
    assert not ReportExport.objects.exists()


def test_a_huge_bad_value_on_a_download_goes_back_to_the_page_cut_short(client, admin_user):
    client.force_login(admin_user)

    response = download(client, "csv", as_of="9" * 10_000, program="x" * 10_000)

    assert response.status_code == 302 and len(response["Location"]) < 1_000
    page = client.get(response["Location"]).content.decode()
    assert 'data-field-error="as_of"' in page
    assert not ReportExport.objects.exists()


def _export(admin_user, **fields):
    return ReportExport.objects.create(
        requested_by=admin_user, kind="registry", file_format="csv", **fields
    )


def test_an_export_whose_worker_stopped_is_marked_failed_and_its_page_says_to_ask_again(
    client, admin_user
):
    long_ago = timezone.now() - EXPORT_TIME_LIMIT - timedelta(minutes=2)
    lost = _export(admin_user, status="running", started_at=long_ago, rows_done=40, rows_total=90)
    live = _export(admin_user, status="running", started_at=timezone.now() - timedelta(minutes=5))

    assert sweep_stalled_exports() == (0, 1)

    lost.refresh_from_db()
    live.refresh_from_db()
    assert (lost.status, lost.error) == ("failed", WORKER_LOST)
    assert lost.finished_at is not None
    assert live.status == "running"
    entry = AuditEntry.objects.get(target_id=str(lost.pk), action="report.export_failed")
    assert entry.to_state == "failed"
    client.force_login(admin_user)
    page = client.get(reverse("certification:report_export", args=[lost.pk])).content.decode()
    assert f"The export failed: {WORKER_LOST} Ask again" in page
    assert "js/report-export.js" not in page  # no longer polled
    assert sweep_stalled_exports() == (0, 0)  # once


def test_an_export_never_delivered_to_a_worker_is_queued_again_and_written(
    admin_user, two_certificates, export_storage, django_capture_on_commit_callbacks
):
    # Its task was lost (the broker down at commit); a fresh one is still on its way.
    lost = _export(admin_user, parameters={"as_of": "2026-03-01"})
    ReportExport.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - EXPORT_QUEUE_GRACE - timedelta(seconds=1)
    )
    fresh = _export(admin_user, parameters={"as_of": "2026-03-01"})

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_stalled_exports() == (1, 0)  # run at once: tasks are eager here

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (lost.status, lost.rows_done) == ("done", 2) and lost.file.name
    assert fresh.status == "queued"


def test_a_write_the_sweep_gave_up_on_meanwhile_stays_failed_and_leaves_no_file(
    admin_user, two_certificates, export_storage, monkeypatch
):
    export = _export(admin_user, parameters={"as_of": "2026-03-01"})
    real_write = exports.write_csv

    def slow_write(table, out, progress=None):
        rows = real_write(table, out, progress)
        # The sweep runs while the worker writes, as it would after EXPORT_TIME_LIMIT.
        later = timezone.now() + EXPORT_TIME_LIMIT + timedelta(minutes=2)
        assert sweep_stalled_exports(now=later) == (0, 1)
        return rows

    monkeypatch.setattr(exports, "write_csv", slow_write)

    assert exports.run_export(export_id=export.pk) == "given up by the sweep"

    export.refresh_from_db()
    assert (export.status, export.error, export.file.name) == ("failed", WORKER_LOST, "")
    assert storages["private"].listdir("reports")[1] == []


def test_the_export_sweep_is_a_periodic_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "certification.reports.tasks.sweep_stalled_report_exports" in tasks


def test_an_export_stopped_by_its_time_limit_says_so(admin_user, two_certificates, monkeypatch):
    export = _export(admin_user, parameters={"as_of": "2026-03-01"})

    def too_long(table, out, progress=None):
        raise SoftTimeLimitExceeded()  # what Celery raises in the task at its soft limit

    monkeypatch.setattr(exports, "write_csv", too_long)

    with pytest.raises(SoftTimeLimitExceeded):
        exports.run_export(export_id=export.pk)

    export.refresh_from_db()
    assert (export.status, export.error) == ("failed", "It took longer than 30 minutes.")
