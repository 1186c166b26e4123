"""Program admins discipline a verified license (suspend, revoke, lift a suspension)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from .. import discipline
from ..access import role_required
from ..errors import DomainError
from ..forms_discipline import LicenseActionForm
from ..models import MedicalLicense
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
        try:
            SERVICES[data["action"]](
                license=license,
                by=request.user,
                reason=data["reason"],
                source=data["source"],
                action_date=data["action_date"],
                document=data["document"],
                document_content_type=getattr(form, "document_content_type", ""),
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"The license was {DONE[data['action']]}.")
            return redirect("accounts:license_discipline", pk=license.pk)
    actions = license.disciplinary_actions.select_related("by")
    return render(
        request,
        "accounts/license_discipline.html",
        {"license": license, "form": form, "actions": actions},
    )
