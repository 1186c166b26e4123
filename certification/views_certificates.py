"""Certificate pages: the public verification page and lookup, the holder's downloads and
renewal, and the program admins' list, detail, revocation and re-render."""

import hmac
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from accounts.access import role_required
from accounts.confirm import ask_first
from accounts.errors import refusal_shown
from accounts.listing import filtered_page
from accounts.roles import Role

from . import decisions, selectors, services
from .documents import open_badge_credential
from .filters import CertificateFilter
from .forms import (
    KeepFlaggedForm,
    LookupForm,
    ReinstateForm,
    RevokeForm,
    VerifyUploadForm,
)
from .models import Certificate

# Lookups by number and surname per client address: enough for a clinic checking its staff,
# too few to walk the number space guessing surnames.
LOOKUP_LIMIT = 20
LOOKUP_WINDOW_SECONDS = 600


def _public(response):
    # The status must change the moment an admin revokes: no shared or browser caching.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, code):
    """Public: what anyone may know of the certificate with this code, and whether an uploaded
    file is the one that was issued."""
    certificate = selectors.published_certificate(code)
    form, matches = VerifyUploadForm(), None
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            matches = hmac.compare_digest(form.sha256(), certificate.sha256)
    context = _verify_context(certificate, form=form, matches=matches)
    return _public(render(request, "certification/verify.html", context))


def _over_lookup_limit(request) -> bool:
    # REMOTE_ADDR (RATELIMIT_IP_META_KEY): behind a proxy, the proxy must set it from
    # X-Forwarded-For (not trusted here). Fail closed if nothing can count: see settings.
    return is_ratelimited(
        request,
        group="certificate-lookup",
        key="ip",
        rate=f"{LOOKUP_LIMIT}/{LOOKUP_WINDOW_SECONDS}s",
        method="POST",
        increment=True,
    )


def _verify_context(certificate, *, form, matches):
    status = certificate.public_status()
    return {
        "certificate": certificate,
        "status": status,
        "status_label": Certificate.PublicStatus(status).label,
        "form": form,
        "matches": matches,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    """Public: find a certificate by its number and its holder's surname, or by its PDF (the
    upload's SHA-256 against the stored files' hashes). Both count against one rate limit."""
    by_file = request.method == "POST" and request.POST.get("check") == "file"
    form = LookupForm(request.POST if request.method == "POST" and not by_file else None)
    upload_form = VerifyUploadForm(*((request.POST, request.FILES) if by_file else ()))
    context = {"form": form, "upload_form": upload_form}
    if request.method == "POST":
        if _over_lookup_limit(request):
            context.update(limited=True, window_minutes=LOOKUP_WINDOW_SECONDS // 60)
            response = render(request, "certification/lookup.html", context, status=429)
            response["Retry-After"] = str(LOOKUP_WINDOW_SECONDS)
            return _public(response)
        if by_file and upload_form.is_valid():
            certificate = selectors.find_by_document_sha256(upload_form.sha256())
            if certificate is not None:
                # The certificate's public page, with the file's verdict: it is the issued one.
                page = _verify_context(certificate, form=VerifyUploadForm(), matches=True)
                return _public(render(request, "certification/verify.html", page))
            context["file_not_found"] = True
        elif not by_file and form.is_valid():
            certificate = selectors.find_by_number_and_surname(
                form.cleaned_data["number"], form.cleaned_data["surname"]
            )
            if certificate is not None:
                return redirect("certification:verify", code=certificate.verification_code)
            context["not_found"] = True
    return _public(render(request, "certification/lookup.html", context))


# --- the holder (and admins for downloads) --------------------------------------------------------


@login_required
def my_certificate(request, pk):
    """The holder's page of one certificate: downloads, verification link, renewal."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("program", "holder").prefetch_related(
            "holder__medical_licenses"
        ),
        pk=pk,
        holder=request.user,
    )
    current = selectors.current_certificate(request.user, certificate.program)
    return render(
        request,
        "certification/my_certificate.html",
        {
            "certificate": certificate,
            "status": certificate.public_status(),
            "current": current if current and current.certificate.pk == certificate.pk else None,
            "verify_url": services.verify_url(certificate),
        },
    )


@login_required
def certificate_pdf(request, pk):
    """The issued PDF: to its holder and to program admins; a 404 for anyone else."""
    certificate = selectors.certificate_for_holder_or_admin(request.user, pk)
    if not certificate.pdf:
        raise Http404("This certificate has no document yet.")
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"certificate-{certificate.number}.pdf",
        as_attachment=True,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificate_badge(request, pk):
    """The issued certificate as an Open Badges 3.0 credential (unsigned JSON-LD)."""
    certificate = selectors.certificate_for_holder_or_admin(request.user, pk)
    if certificate.status != Certificate.Status.ISSUED:
        raise Http404("Only an issued certificate is exported.")
    program_url = f"{settings.SITE_URL}/programs/{certificate.program_id}"
    achievement = uuid.uuid5(uuid.NAMESPACE_URL, program_url)
    credential = open_badge_credential(
        services.render_data(certificate),
        verify_url=services.verify_url(certificate),
        issuer_url=f"{settings.SITE_URL}/",
        issuer_name=settings.SITE_NAME,
        achievement_id=f"urn:uuid:{achievement}",
    )
    response = JsonResponse(credential, json_dumps_params={"indent": 2})
    response["Content-Type"] = "application/ld+json"
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.number}.badge.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- program admins -----------------------------------------------------------------------------


@role_required(Role.PROGRAM_ADMIN)
def staff_certificates(request):
    filterset = CertificateFilter(request.GET, queryset=selectors.staff_certificates())
    page = filtered_page(request, filterset)
    return render(
        request, "certification/staff_certificates.html", {"filterset": filterset, "page": page}
    )


@role_required(Role.PROGRAM_ADMIN)
def staff_certificate(request, pk):
    certificate = selectors.certificate_for_admin(pk)
    return render(
        request,
        "certification/staff_certificate.html",
        {
            "certificate": certificate,
            "status": certificate.public_status(),
            "revoke_form": RevokeForm(),
            "reinstate_form": ReinstateForm(),
            "keep_form": KeepFlaggedForm(),
            "history": selectors.certificate_history(certificate),
            "verify_url": services.verify_url(certificate),
        },
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def staff_revoke(request, pk):
    certificate = selectors.certificate_for_admin(pk)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if reason.strip() and (
        page := ask_first(
            request,
            action=f"Revoke certificate {certificate.number}",
            consequence=(
                "The public verification page shows it as revoked from now on, the holder is "
                "e-mailed, and a renewal on its way is revoked too."
            ),
            details=[f"Reason shown: {reason}"],
            yes="Yes, revoke the certificate",
            cancel_url=reverse("certification:staff_certificate", args=[pk]),
        )
    ):
        return page
    with refusal_shown(request) as refused:
        services.revoke_certificate(certificate=certificate, actor=request.user, reason=reason)
    if not refused:
        messages.success(request, f"Certificate {certificate.number} is revoked.")
    return redirect("certification:staff_certificate", pk=pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def staff_reinstate(request, pk):
    certificate = selectors.certificate_for_admin(pk)
    form = ReinstateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with refusal_shown(request) as refused:
        decisions.reinstate_certificate(certificate=certificate, actor=request.user, reason=reason)
    if not refused:
        messages.success(request, f"Certificate {certificate.number} is reinstated.")
    return redirect("certification:staff_certificate", pk=pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def staff_keep_flagged(request, pk):
    certificate = selectors.certificate_for_admin(pk)
    form = KeepFlaggedForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with refusal_shown(request) as refused:
        decisions.clear_flag(certificate=certificate, actor=request.user, reason=reason)
    if not refused:
        messages.success(request, f"Certificate {certificate.number} stays in force.")
    return redirect("certification:staff_certificate", pk=pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def staff_rerender(request, pk):
    certificate = selectors.certificate_for_admin(pk)
    with refusal_shown(request) as refused:
        services.rerender_certificate(certificate=certificate, actor=request.user)
    if not refused:
        messages.success(request, "Rendered again from the data frozen at issue.")
    return redirect(reverse("certification:staff_certificate", args=[pk]))
