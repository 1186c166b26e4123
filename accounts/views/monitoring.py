"""Program admins upload a board's monitoring file and decide each match (apply / dismiss)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import monitoring
from ..access import role_required
from ..errors import refusal_shown
from ..forms_discipline import MatchDecisionForm, MonitoringUploadForm
from ..models import MonitoringImport, MonitoringMatch
from ..roles import Role


@role_required(Role.PROGRAM_ADMIN)
def imports(request):
    form = MonitoringUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Read one byte past the cap, never the whole of an oversized upload.
        parsed = monitoring.parse(upload.read(monitoring.MAX_BYTES + 1))
        errors = parsed.errors
        if not errors:
            with refusal_shown(request) as refused:
                done = monitoring.record_import(
                    rows=parsed.rows,
                    file_name=upload.name,
                    source=form.cleaned_data["source"],
                    actor=request.user,
                )
            if not refused:
                messages.success(
                    request, "The file was read; nothing changes until you decide each match."
                )
                return redirect("accounts:monitoring_import", pk=done.pk)
    recent = MonitoringImport.objects.select_related("uploaded_by")[:25]
    return render(
        request,
        "accounts/monitoring_imports.html",
        {"form": form, "errors": errors, "imports": recent},
    )


@role_required(Role.PROGRAM_ADMIN)
def import_detail(request, pk):
    monitoring_import = get_object_or_404(
        MonitoringImport.objects.select_related("uploaded_by"), pk=pk
    )
    matches = monitoring_import.matches.select_related(
        "license__applicant", "license__jurisdiction", "decided_by"
    )
    return render(
        request,
        "accounts/monitoring_import.html",
        {"monitoring_import": monitoring_import, "matches": matches},
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def decide(request, pk):
    match = get_object_or_404(MonitoringMatch, pk=pk)
    form = MatchDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose apply or dismiss.")
    else:
        apply = form.cleaned_data["decision"] == "apply"
        with refusal_shown(request) as refused:
            monitoring.decide_match(
                match=match, actor=request.user, apply=apply, note=form.cleaned_data["note"]
            )
        if not refused:
            done = "applied" if apply else "dismissed"
            messages.success(request, f"Line {match.line_number}: {done}.")
    return redirect("accounts:monitoring_import", pk=match.monitoring_import_id)
