"""The applicant's side of step 1: profile, licenses, supporting credentials, documents."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from .. import selectors, services
from ..access import own_submission, role_required, submission_document_for
from ..errors import refusal_shown
from ..forms import MedicalLicenseForm, ProfileForm, SupportingCredentialForm
from ..models import ApplicantProfile, MedicalLicense
from ..parsing import parse_id
from ..roles import Role

FORMS = {"license": MedicalLicenseForm, "credential": SupportingCredentialForm}


@role_required(Role.APPLICANT)
def overview(request):
    return render(
        request,
        "accounts/qualifications.html",
        {
            "status": selectors.qualification_status(request.user),
            "licenses": selectors.licenses_of(request.user),
            "credentials": selectors.credentials_of(request.user),
            "has_profile": ApplicantProfile.objects.filter(user=request.user).exists(),
        },
    )


@role_required(Role.APPLICANT)
def edit_profile(request):
    profile = ApplicantProfile.objects.filter(user=request.user).first() or ApplicantProfile()
    form = ProfileForm(
        request.POST or None,
        instance=profile,
        initial={
            "full_legal_name": request.user.full_legal_name,
            "family_name": request.user.family_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.save_profile(
            user=request.user,
            full_legal_name=form.cleaned_data["full_legal_name"],
            family_name=form.cleaned_data["family_name"],
            profile=form.save(commit=False),
        )
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:qualifications")
    return render(request, "accounts/profile_form.html", {"form": form})


@role_required(Role.APPLICANT)
def submit(request, kind):
    """A new license or credential; `?replaces=<id>` starts a replacement of a verified license."""
    form_class = FORMS[kind]
    replaces = None
    replaces_id = parse_id(request.GET.get("replaces", "")) if kind == "license" else None
    if replaces_id is not None:
        replaces = own_submission(request.user, "license", replaces_id)
    initial = _replacement_initial(replaces) if replaces else None
    form = form_class(
        request.POST or None, request.FILES or None, applicant=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        if replaces is not None:
            item.replaces = replaces
        with refusal_shown(request, form=form) as refused:
            if kind == "license":
                services.submit_license(license=item, applicant=request.user)
            else:
                services.submit_credential(credential=item, applicant=request.user)
        if not refused:
            messages.success(request, "Submitted. A program admin will review it.")
            return redirect("accounts:qualifications")
    return render(
        request,
        "accounts/submission_form.html",
        {"form": form, "kind": kind, "replaces": replaces},
    )


def _replacement_initial(license: MedicalLicense) -> dict:
    return {
        "license_type": license.license_type,
        "number": license.number,
        "jurisdiction": license.jurisdiction_id,
        "npi": license.npi,
        "supervising_physician": license.supervising_physician,
    }


@role_required(Role.APPLICANT)
def detail(request, kind, pk):
    item = own_submission(request.user, kind, pk)
    return render(request, "accounts/submission_detail.html", {"item": item, "kind": kind})


@role_required(Role.APPLICANT)
def correct(request, kind, pk):
    """Correct a submitted or rejected item and send it back to the queue."""
    item = own_submission(request.user, kind, pk)
    if not item.is_editable():
        messages.error(request, item.why_not_editable())
        return redirect("accounts:submission_detail", kind=kind, pk=pk)
    form = FORMS[kind](
        request.POST or None, request.FILES or None, instance=item, applicant=request.user
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form=form) as refused:
            services.resubmit(item=item, changes=form.save(commit=False), actor=request.user)
        if not refused:
            messages.success(request, "Corrected and resubmitted for review.")
            return redirect("accounts:submission_detail", kind=kind, pk=pk)
    return render(
        request,
        "accounts/submission_form.html",
        {"form": form, "kind": kind, "item": item},
    )


@xframe_options_sameorigin  # the review page shows the document inline, next to the data
def document(request, kind, pk):
    """Serves a document to its owner and to program admins only (others get 404)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    item = submission_document_for(request.user, kind, pk)
    if not item.document:
        raise Http404("This document was removed under the retention rule.")
    response = FileResponse(
        item.document.open("rb"),
        content_type=item.document_content_type,
        filename=item.document_name,
        as_attachment=request.GET.get("download") == "1",
    )
    # The type was checked by content at upload and is sent as stored, never sniffed: the file
    # cannot become a page of this site. (A CSP sandbox would also stop Chromium's PDF viewer.)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
