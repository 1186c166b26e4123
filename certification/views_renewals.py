"""Recertification by evidence: the holder's renewal page and the program admins' decision page.

Thin: each view parses with a form, calls one service of `renewals`, and turns a refusal into a
message; the services check who may act and in which state."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import has_role, role_required
from accounts.confirm import ask_first
from accounts.errors import refusal_shown
from accounts.roles import Role
from accounts.selectors import history_of

from . import renewals, selectors_renewal
from .forms_renewal import CEItemForm, DecisionReasonForm, PracticeEntryForm, ProofForm
from .models import Certificate


def _page(request, certificate, *, ce_form=None, practice_form=None, status=200):
    renewal = selectors_renewal.latest_renewal(certificate)
    evidence = renewals.renewal_evidence(renewal, certificate)
    return render(
        request,
        "certification/renewal.html",
        {
            "certificate": certificate,
            "program": certificate.program,
            "renewal": renewal,
            "evidence": evidence,
            "window": renewals.window_of(certificate),
            "lapsed": certificate.is_lapsed(),
            "lacking_proof": renewals.items_without_proof(renewal) if renewal else [],
            "ce_form": ce_form or CEItemForm(),
            "practice_form": practice_form or PracticeEntryForm(),
            "proof_form": ProofForm(),
        },
        status=status,
    )


def _own_certificate(request, pk) -> Certificate:
    return get_object_or_404(
        Certificate.objects.select_related("program", "holder"), pk=pk, holder=request.user
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.APPLICANT)
def renewal_page(request, pk):
    """The holder's renewal of one certificate: GET shows it, POST opens one."""
    certificate = _own_certificate(request, pk)
    if request.method == "POST":
        with refusal_shown(request):
            renewals.start_renewal(certificate=certificate, actor=request.user)
        return redirect("certification:renew", pk=pk)
    return _page(request, certificate)


def _back(renewal):
    return redirect("certification:renew", pk=renewal.certificate_id)


@require_POST
@role_required(Role.APPLICANT)
def add_ce_item(request, pk):
    renewal = selectors_renewal.renewal_of_holder(request.user, pk)
    form = CEItemForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, renewal.certificate, ce_form=form, status=400)
    with refusal_shown(request) as refused:
        renewals.add_ce_item(
            renewal=renewal,
            actor=request.user,
            values=form.cleaned_data,
            proof=form.cleaned_data.get("proof"),
            proof_type=form.proof_type,
        )
    if not refused:
        messages.success(request, "CE item added.")
    return _back(renewal)


@require_POST
@role_required(Role.APPLICANT)
def add_practice_entry(request, pk):
    renewal = selectors_renewal.renewal_of_holder(request.user, pk)
    form = PracticeEntryForm(request.POST)
    if not form.is_valid():
        return _page(request, renewal.certificate, practice_form=form, status=400)
    with refusal_shown(request) as refused:
        renewals.add_practice_entry(renewal=renewal, actor=request.user, values=form.cleaned_data)
    if not refused:
        messages.success(request, "Treatment logged.")
    return _back(renewal)


@require_POST
@role_required(Role.APPLICANT)
def upload_proof(request, pk, item_pk):
    item = selectors_renewal.ce_item_for(request.user, pk, item_pk, admin=False)
    form = ProofForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(form.errors.get("proof", ["Choose a file."]))
        messages.error(request, f"Proof for {item.title}: {errors}")
        return _back(item.renewal)
    with refusal_shown(request) as refused:
        renewals.upload_ce_proof(
            item=item,
            actor=request.user,
            proof=form.cleaned_data["proof"],
            proof_type=form.proof_type,
        )
    if not refused:
        messages.success(request, f"Proof uploaded for {item.title}.")
    return _back(item.renewal)


@require_POST
@role_required(Role.APPLICANT)
def submit(request, pk):
    renewal = selectors_renewal.renewal_of_holder(request.user, pk)
    with refusal_shown(request) as refused:
        renewal = renewals.submit_renewal(renewal=renewal, actor=request.user)
    if refused:
        return _back(renewal)
    if renewal.audited:
        messages.warning(
            request,
            "Submitted. Your renewal was picked at random for a CE audit: upload the proof of "
            "each CE item below; it can be approved only then.",
        )
    else:
        messages.success(request, "Submitted for review. You will be e-mailed the decision.")
    return _back(renewal)


@login_required
def proof_file(request, pk, item_pk):
    """A CE proof, to its holder and to program admins only."""
    admin = has_role(request.user, Role.PROGRAM_ADMIN)
    item = selectors_renewal.ce_item_for(request.user, pk, item_pk, admin=admin)
    if not item.proof:
        raise Http404("No proof uploaded.")
    response = FileResponse(
        item.proof.open("rb"),
        content_type=item.proof_content_type or "application/octet-stream",
        filename=item.proof_name or "proof",
        as_attachment=True,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- program admins -------------------------------------------------------------------------------


@role_required(Role.PROGRAM_ADMIN)
def staff_renewal(request, pk):
    renewal = selectors_renewal.renewal_for_review(pk)
    certificate = renewal.certificate
    return render(
        request,
        "certification/staff_renewal.html",
        {
            "renewal": renewal,
            "certificate": certificate,
            "program": certificate.program,
            "evidence": renewals.renewal_evidence(renewal, certificate),
            "lacking_proof": renewals.items_without_proof(renewal),
            "counting": set(certificate.program.renewal_ce_categories),
            "reason_form": DecisionReasonForm(),
            "history": history_of(renewal),
        },
    )


def _staff_back(pk):
    return redirect("certification:staff_renewal", pk=pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def staff_approve(request, pk):
    renewal = selectors_renewal.renewal_for_review(pk)
    if renewal.holder_id != request.user.pk and (
        page := ask_first(
            request,
            action=f"Approve the renewal of certificate {renewal.certificate.number}",
            consequence=(
                "A new certificate is issued with a new number and expiry; it replaces "
                f"{renewal.certificate.number} as soon as it is issued. The holder is e-mailed."
            ),
            yes="Yes, approve and issue",
            cancel_url=reverse("certification:staff_renewal", args=[pk]),
        )
    ):
        return page
    with refusal_shown(request) as refused:
        renewal = renewals.approve_renewal(renewal=renewal, actor=request.user)
    if refused:
        return _staff_back(pk)
    messages.success(
        request, f"Approved. Certificate {renewal.new_certificate.number} is being issued."
    )
    return redirect("accounts:review_queue")


def _decide_against(request, pk, *, service, verb, consequence, done):
    renewal = selectors_renewal.renewal_for_review(pk)
    form = DecisionReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason; the holder is e-mailed it.")
        return _staff_back(pk)
    reason = form.cleaned_data["reason"]
    if renewal.holder_id != request.user.pk and (
        page := ask_first(
            request,
            action=f"{verb} the renewal of certificate {renewal.certificate.number}",
            consequence=consequence,
            details=[f"Reason sent: {reason}"],
            yes=f"Yes, {verb.lower()} it",
            cancel_url=reverse("certification:staff_renewal", args=[pk]),
        )
    ):
        return page
    with refusal_shown(request) as refused:
        service(renewal=renewal, actor=request.user, reason=reason)
    if refused:
        return _staff_back(pk)
    messages.success(request, done)
    return redirect("accounts:review_queue")


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def staff_return(request, pk):
    return _decide_against(
        request,
        pk,
        service=renewals.return_renewal,
        verb="Return",
        consequence="The holder is e-mailed the reason and can complete the evidence and "
        "submit again.",
        done="Returned to the holder with your reason.",
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def staff_refuse(request, pk):
    return _decide_against(
        request,
        pk,
        service=renewals.refuse_renewal,
        verb="Refuse",
        consequence="The decision is final; the certificate runs to its expiry. The holder is "
        "e-mailed the reason.",
        done="Refused. The holder has been e-mailed the reason.",
    )
