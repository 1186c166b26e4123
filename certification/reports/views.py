"""The report pages for program admins, their downloads, and the export status pages.

A download is a POST (it writes an audit entry, and a large one queues a task): the filters
travel as hidden fields and are parsed by the same form as the page. Up to
settings.REPORT_STREAM_MAX_ROWS rows the file streams at once; more rows go to a Celery task
and the admin lands on the export's page, with its progress bar and then its download link."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import has_role, role_required
from accounts.errors import refusal_shown
from accounts.roles import Role

from ..models_reports import ReportExport
from . import ce_roster, exports, monthly, registry, tables
from .forms import FormatForm, MonthlyForm, RegistryForm, RosterForm

Kind = ReportExport.Kind


def _page(request, rows):
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


@role_required(Role.PROGRAM_ADMIN)
def registry_page(request):
    form = RegistryForm(request.GET)
    filters = form.filters()
    page = _page(request, registry.registry(filters) if filters else [])
    return render(
        request,
        "certification/reports/registry.html",
        {
            "form": form,
            "page": page,
            "counts": registry.status_counts(filters) if filters else {},
            "statuses": registry.REGISTRY_STATUSES,
            "export_formats": ReportExport.Format.choices,
            "section": "registry",
        },
    )


@role_required(Role.PROGRAM_ADMIN)
def roster_page(request):
    form = RosterForm(request.GET)
    filters = form.filters()
    page = _page(request, ce_roster.ce_roster(filters) if filters else [])
    page.object_list = [ce_roster.roster_row(values) for values in page.object_list]
    return render(
        request,
        "certification/reports/ce_roster.html",
        {
            "form": form,
            "page": page,
            "categories": ce_roster.CATEGORIES,
            "export_formats": ReportExport.Format.choices,
            "section": "ce_roster",
        },
    )


def _breakdowns(figures: monthly.MonthlyFigures) -> list[tuple[str, list, str]]:
    return [
        ("Written exams: pass rate", figures.written_by_exam, "written"),
        ("Practical exams: pass rate", figures.practical_by_exam, "practical"),
        ("Practical, per examiner", figures.practical_by_examiner, "examiner"),
    ]


@role_required(Role.PROGRAM_ADMIN)
def monthly_page(request):
    form = MonthlyForm(request.GET)
    months = form.months()
    figures = monthly.monthly_figures(*months) if months else None
    return render(
        request,
        "certification/reports/monthly.html",
        {
            "form": form,
            "figures": figures,
            "charts": monthly.charts(figures) if figures else {},
            "breakdowns": _breakdowns(figures) if figures else [],
            "csv_only": [("csv", "CSV")],
            "section": "monthly",
        },
    )


# --- downloads ---------------------------------------------------------------------------------


REFUSED_VALUE_SHOWN = 100


def _refused(request, url_name):
    """Bad parameters on a download: back to the page, which shows the form's errors."""
    query = request.POST.copy()
    for name in ("csrfmiddlewaretoken", "format"):
        query.pop(name, None)
    for name in query:
        # Dates, ids and choices, all short: a value cut short is still refused by the page,
        # and the address stays within a redirect's 16,384 characters (a 10,000-character
        # value made it a bare "Bad Request").
        query.setlist(name, [value[:REFUSED_VALUE_SHOWN] for value in query.getlist(name)])
    return redirect(f"{reverse(url_name)}?{query.urlencode()}")


def _download(request, *, kind, file_format, parameters, table: tables.Table):
    if table.total > settings.REPORT_STREAM_MAX_ROWS:
        with refusal_shown(request) as refused:
            export = exports.request_export(
                actor=request.user,
                kind=kind,
                file_format=file_format,
                parameters=parameters,
                rows_total=table.total,
            )
        if refused:
            return redirect("certification:reports_registry")
        return redirect("certification:report_export", pk=export.pk)
    export = exports.record_streamed(
        actor=request.user,
        kind=kind,
        file_format=file_format,
        parameters=parameters,
        rows=table.total,
    )
    name = export.download_name()
    if file_format == ReportExport.Format.XLSX:
        response = HttpResponse(
            exports.xlsx_bytes(table), content_type=exports.CONTENT_TYPES["xlsx"]
        )
    else:
        response = StreamingHttpResponse(
            exports.csv_lines(table), content_type=exports.CONTENT_TYPES["csv"]
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_format(request) -> str | None:
    form = FormatForm(request.POST)
    return form.cleaned_data["format"] if form.is_valid() else None


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def registry_download(request):
    filters = RegistryForm(request.POST).filters()
    file_format = _file_format(request)
    if filters is None or file_format is None:
        return _refused(request, "certification:reports_registry")
    return _download(
        request,
        kind=Kind.REGISTRY,
        file_format=file_format,
        parameters=filters.as_parameters(),
        table=tables.registry_table(filters),
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def roster_download(request):
    filters = RosterForm(request.POST).filters()
    file_format = _file_format(request)
    if filters is None or file_format is None:
        return _refused(request, "certification:reports_ce_roster")
    return _download(
        request,
        kind=Kind.CE_ROSTER,
        file_format=file_format,
        parameters=filters.as_parameters(),
        table=tables.roster_table(filters),
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def monthly_download(request):
    months = MonthlyForm(request.POST).months()
    if months is None:
        return _refused(request, "certification:reports_monthly")
    # A few dozen rows whatever the range: always streamed.
    return _download(
        request,
        kind=Kind.MONTHLY,
        file_format=ReportExport.Format.CSV,
        parameters=exports.monthly_parameters(*months),
        table=tables.monthly_table(*months),
    )


# --- exports written by the task ----------------------------------------------------------------


def export_for_user(user, pk: int) -> ReportExport:
    """Program admins see every export; the requester their own; anyone else gets a 404."""
    exports_seen = ReportExport.objects.select_related("requested_by")
    if has_role(user, Role.PROGRAM_ADMIN):
        return get_object_or_404(exports_seen, pk=pk)
    return get_object_or_404(exports_seen, pk=pk, requested_by=user)


@login_required
def export_page(request, pk):
    export = export_for_user(request.user, pk)
    return render(
        request, "certification/reports/export.html", {"export": export, "section": "exports"}
    )


def _status_json(export: ReportExport) -> dict:
    return {
        "status": export.status,
        "label": export.get_status_display(),
        "rows_done": export.rows_done,
        "rows_total": export.rows_total,
        "percent": export.percent,
        "finished": export.is_finished(),
        "download_url": (
            reverse("certification:report_export_file", args=[export.pk])
            if export.status == ReportExport.Status.DONE and export.file
            else None
        ),
    }


@login_required
def export_status(request, pk):
    """What the progress bar polls (static/js/report-export.js)."""
    response = JsonResponse(_status_json(export_for_user(request.user, pk)))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_file(request, pk):
    export = export_for_user(request.user, pk)
    if export.status != ReportExport.Status.DONE or not export.file:
        raise Http404("This export has no file (not ready yet, failed, or deleted after its days).")
    handle = exports.open_download(export=export, actor=request.user)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export.download_name(),
        content_type=exports.CONTENT_TYPES[export.file_format],
    )


@role_required(Role.PROGRAM_ADMIN)
def exports_page(request):
    """The exports a program admin asked for, newest first (the files go after some days)."""
    rows = ReportExport.objects.filter(requested_by=request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "certification/reports/exports.html",
        {
            "page": _page(request, rows),
            "retention_days": settings.REPORT_EXPORT_RETENTION_DAYS,
            "section": "exports",
            "now": timezone.now(),
        },
    )
