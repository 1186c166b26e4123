"""Program admins discipline a verified license (suspend, revoke, lift a suspension)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import discipline
from ..access import role_required
from ..errors import refusal_shown
from ..forms_discipline import LicenseActionForm, ReverifyForm
from ..models import LicenseAction, MedicalLicense
from ..roles import Role

SERVICES = {
    "suspend": discipline.suspend_license,
    "revoke": discipline.revoke_license,
    "lift": discipline.lift_suspension,
}
DONE = {"suspend": "suspended", "revoke": "revoked", "lift": "reinstated (suspension lifted)"}


@role_required(Role.PROGRAM_ADMIN)
def license_discipline(request, pk):
    license = get_object_or_404(
        MedicalLicense.objects.select_related("applicant", "jurisdiction"), pk=pk
    )
    form = LicenseActionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request) as refused:
            SERVICES[data["action"]](
                license=license,
                actor=request.user,
                reason=data["reason"],
                source=data["source"],
                action_date=data["action_date"],
                document=data["document"],
                document_content_type=getattr(form, "document_content_type", ""),
            )
        if not refused:
            messages.success(request, f"The license was {DONE[data['action']]}.")
            return redirect("accounts:license_discipline", pk=license.pk)
    actions = license.disciplinary_actions.select_related("by")
    return render(
        request,
        "accounts/license_discipline.html",
        {"license": license, "form": form, "actions": actions},
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def reverify(request, pk):
    license = get_object_or_404(MedicalLicense, pk=pk)
    form = ReverifyForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with refusal_shown(request) as refused:
        discipline.confirm_reverification(license=license, actor=request.user, note=note)
    if refused:
        return redirect("accounts:review", kind="license", pk=license.pk)
    messages.success(request, "Re-verified: the license stays verified.")
    return redirect("accounts:review_queue")


def private_file_response(field, content_type: str, name: str) -> FileResponse:
    """A stored document, sent as the type checked at upload and never sniffed."""
    if not field:
        raise Http404("No document.")
    response = FileResponse(field.open("rb"), content_type=content_type, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.PROGRAM_ADMIN)
def action_document(request, pk):
    action = get_object_or_404(LicenseAction, pk=pk)
    return private_file_response(
        action.document, action.document_content_type, action.document_name
    )
