"""Appeals: the person files one against a decision about them; another admin decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import has_role, role_required
from accounts.confirm import ask_first
from accounts.errors import refusal_shown
from accounts.listing import page_of
from accounts.roles import Role
from accounts.views.discipline import private_file_response

from . import appeals
from .forms_appeals import AppealDecisionForm, AppealForm, AppealWindowForm
from .models import Appeal

OWNER_FIELD = {
    Appeal.Kind.LICENSE: "applicant",
    Appeal.Kind.CREDENTIAL: "applicant",
    Appeal.Kind.WRITTEN: "candidate",
    Appeal.Kind.PRACTICAL: "candidate",
    Appeal.Kind.REVOCATION: "holder",
}


def _own_target(user, kind: str, pk: int):
    """The decision about this user, or 404 (someone else's record is not found)."""
    if kind not in OWNER_FIELD:
        raise Http404
    model = appeals.MODEL_OF[kind]
    return get_object_or_404(model, pk=pk, **{OWNER_FIELD[kind]: user})


@login_required
def my_appeals(request):
    return render(
        request,
        "certification/my_appeals.html",
        {
            "appeals": Appeal.objects.filter(appellant=request.user),
            "open_decisions": appeals.open_decisions(request.user),
        },
    )


@login_required
def file_appeal(request, kind: str, pk: int):
    target = _own_target(request.user, kind, pk)
    appealable, decided_at, decision, _ = appeals.decision_of(kind, target)
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request) as refused:
            appeals.file_appeal(
                actor=request.user,
                kind=kind,
                target=target,
                statement=form.cleaned_data["statement"],
                document=form.cleaned_data["document"],
                document_content_type=getattr(form, "document_content_type", ""),
            )
        if not refused:
            messages.success(request, "Your appeal was filed; you will be e-mailed the outcome.")
            return redirect("certification:my_appeals")
    return render(
        request,
        "certification/appeal_form.html",
        {
            "form": form,
            "kind_label": Appeal.Kind(kind).label,
            "target": target,
            "decision": decision,
            "decided_at": decided_at,
            "closes_at": appeals.appeal_closes_at(kind, target),
            "appealable": appealable,
        },
    )


@role_required(Role.PROGRAM_ADMIN)
def staff_appeals(request):
    pending = Appeal.objects.filter(status=Appeal.Status.PENDING).select_related("appellant")
    decided = (
        Appeal.objects.exclude(status=Appeal.Status.PENDING)
        .select_related("appellant", "decided_by")
        .order_by("-decided_at", "-id")
    )
    page = page_of(request, decided)
    return render(
        request,
        "certification/staff_appeals.html",
        {
            "pending": pending.order_by("submitted_at", "id"),
            "page": page,
            "query": "",
            "window_form": AppealWindowForm(),
        },
    )


def _staff_appeal(pk: int) -> Appeal:
    return get_object_or_404(
        Appeal.objects.select_related(
            "appellant",
            "original_decided_by",
            "decided_by",
            "license",
            "credential",
            "attempt__exam",
            "sitting",
            "certificate",
        ),
        pk=pk,
    )


@role_required(Role.PROGRAM_ADMIN)
def staff_appeal(request, pk: int):
    appeal = _staff_appeal(pk)
    form = AppealDecisionForm(request.POST or None, outcomes=appeals.OUTCOMES[appeal.kind])
    if request.method == "POST" and form.is_valid():
        outcome = Appeal.Status(form.cleaned_data["outcome"])
        here = reverse("certification:staff_appeal", args=[appeal.pk])
        question = ask_first(
            request,
            action=f"Decide appeal #{appeal.pk}: {outcome.label.lower()}",
            consequence="The outcome takes effect at once and both sides are e-mailed; the "
            "original decision stays on record.",
            yes=f"Yes, {outcome.label.lower()}",
            cancel_url=here,
        )
        if question:
            return question
        with refusal_shown(request) as refused:
            appeals.decide_appeal(
                appeal=appeal,
                actor=request.user,
                outcome=outcome,
                reason=form.cleaned_data["reason"],
            )
        if not refused:
            messages.success(request, f"Appeal #{appeal.pk}: {outcome.label.lower()}.")
        return redirect(here)
    return render(request, "certification/staff_appeal.html", {"appeal": appeal, "form": form})


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def appeal_window(request):
    """A program's appeal window (days), kept on its certificate policy."""
    form = AppealWindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a program and give the window as 1 to 365 days.")
    else:
        program, days = form.cleaned_data["program"], form.cleaned_data["days"]
        with refusal_shown(request) as refused:
            appeals.set_appeal_window(program=program, days=days, actor=request.user)
        if not refused:
            messages.success(request, f"Appeals in {program} are open for {days} days.")
    return redirect("certification:staff_appeals")


@login_required
def appeal_document(request, pk: int):
    """The appeal's document, to the appellant and program admins only (others get 404)."""
    appeal = get_object_or_404(Appeal, pk=pk)
    if appeal.appellant_id != request.user.pk and not has_role(request.user, Role.PROGRAM_ADMIN):
        raise Http404
    return private_file_response(
        appeal.document, appeal.document_content_type, appeal.document_name
    )
