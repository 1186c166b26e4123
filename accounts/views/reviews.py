"""The program admins' side of step 1: the review queue, decisions, jurisdiction rules."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import selectors, selectors_review_queue, services
from ..access import role_required, submission_for_review
from ..confirm import ask_first
from ..errors import refusal_shown
from ..filters import review_queue_filters
from ..forms import JurisdictionRuleForm, RejectForm
from ..listing import page_of
from ..models import Jurisdiction, JurisdictionRule
from ..review_rows import queue_rows
from ..roles import Role


@role_required(Role.PROGRAM_ADMIN)
def review_queue(request):
    filters = review_queue_filters(request)
    if filters.values is not None:
        page, items = selectors_review_queue.review_queue(
            kind=filters.values["kind"],
            license_type=filters.values["license_type"],
            jurisdiction_id=filters.values["jurisdiction"],
            page_number=request.GET.get("page"),
            per_page=settings.PAGE_SIZE,
        )
    else:
        page, items = page_of(request, []), []
    return render(
        request,
        "accounts/review_queue.html",
        {"filter_bar": filters.html, "page": page, "items": items, "rows": queue_rows(items)},
    )


@role_required(Role.PROGRAM_ADMIN)
def review(request, kind, pk):
    item = submission_for_review(request.user, kind, pk)
    history = selectors.history_of(item)
    context = {
        "item": item,
        "kind": kind,
        "reject_form": RejectForm(),
        "history": history,
        "applicant_status": selectors.qualification_status(item.applicant),
    }
    if kind == "license":
        context["rule"] = selectors.current_rule(item.jurisdiction)
    return render(request, "accounts/review.html", context)


def _decide(request, kind, pk, decision):
    item = submission_for_review(request.user, kind, pk)
    with refusal_shown(request) as refused:
        decision(item)
    if refused:
        return redirect("accounts:review", kind=kind, pk=pk)
    return None


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def start(request, kind, pk):
    refused = _decide(
        request, kind, pk, lambda item: services.start_review(item=item, actor=request.user)
    )
    return refused or redirect("accounts:review", kind=kind, pk=pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def verify(request, kind, pk):
    refused = _decide(
        request, kind, pk, lambda item: services.verify_submission(item=item, actor=request.user)
    )
    if refused:
        return refused
    messages.success(request, "Verified. The applicant has been e-mailed.")
    return redirect("accounts:review_queue")


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def reject(request, kind, pk):
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for the rejection; the applicant sees it.")
        return redirect("accounts:review", kind=kind, pk=pk)
    item = submission_for_review(request.user, kind, pk)
    # One's own submission is refused by the service at once: no question first.
    own = item.applicant_id == request.user.pk
    if not own and (
        page := ask_first(
            request,
            action=f"Reject the {item._meta.verbose_name} of {item.applicant.full_legal_name}",
            consequence=(
                "The decision is final and the applicant is e-mailed the reason. They can only "
                "correct it and submit it again for a new review."
            ),
            details=[f"Reason sent: {form.cleaned_data['reason']}"],
            yes="Yes, reject",
            cancel_url=reverse("accounts:review", kwargs={"kind": kind, "pk": pk}),
        )
    ):
        return page
    refused = _decide(
        request,
        kind,
        pk,
        lambda item: services.reject_submission(
            item=item, actor=request.user, reason=form.cleaned_data["reason"]
        ),
    )
    if refused:
        return refused
    messages.success(request, "Rejected. The applicant has been e-mailed the reason.")
    return redirect("accounts:review_queue")


@role_required(Role.PROGRAM_ADMIN)
def jurisdictions(request):
    return render(
        request,
        "accounts/jurisdictions.html",
        {"rows": selectors.jurisdictions_with_current_rules()},
    )


@role_required(Role.PROGRAM_ADMIN)
def jurisdiction_rules(request, pk):
    jurisdiction = get_object_or_404(Jurisdiction, pk=pk)
    current = selectors.current_rule(jurisdiction)
    initial = None
    if current:
        initial = {"required_certifications": list(current.required_certifications.all())}
    form = JurisdictionRuleForm(
        request.POST or None,
        instance=JurisdictionRule(**_rule_copy(current)) if current else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        rule = services.change_jurisdiction_rules(
            jurisdiction=jurisdiction,
            rule=form.save(commit=False),
            certifications=form.cleaned_data["required_certifications"],
            actor=request.user,
        )
        messages.success(
            request, f"Saved as version {rule.version}. Earlier decisions keep their version."
        )
        return redirect("accounts:jurisdiction_rules", pk=pk)
    return render(
        request,
        "accounts/jurisdiction_rules.html",
        {
            "jurisdiction": jurisdiction,
            "form": form,
            "current": current,
            "history": selectors.rule_history(jurisdiction),
        },
    )


def _rule_copy(rule: JurisdictionRule) -> dict:
    """The current version's values, as the starting point of the next version."""
    return {
        "accepted_license_types": rule.accepted_license_types,
        "rn_requires_supervising_physician": rule.rn_requires_supervising_physician,
        "ce_hours_required": rule.ce_hours_required,
        "ce_window_months": rule.ce_window_months,
    }
