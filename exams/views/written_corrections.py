"""Program admins' pages to void or rekey a flawed written item: the correction form, the
review of the pass/fail changes before they take effect, and the list of corrections."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.errors import refusal_shown
from accounts.listing import page_of
from accounts.roles import Role

from ..forms.written_corrections import CorrectionForm
from ..models.written import ItemCorrection, QuestionVersion
from ..selectors.written import corrections_for_admin
from ..services import written_corrections as services


def _version(pk) -> QuestionVersion:
    return get_object_or_404(QuestionVersion.objects.select_related("question", "topic"), pk=pk)


def _correction(pk) -> ItemCorrection:
    return get_object_or_404(
        ItemCorrection.objects.select_related(
            "version__question", "version__topic", "proposed_by", "decided_by"
        ),
        pk=pk,
    )


@role_required(Role.PROGRAM_ADMIN)
def correction_new(request, pk):
    version = _version(pk)
    form = CorrectionForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form=form) as refused:
            correction = services.propose_correction(
                version=version,
                kind=form.cleaned_data["kind"],
                correct=form.cleaned_data["correct"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        if not refused:
            messages.info(request, "Review the changes below; nothing changes until you apply.")
            return redirect("exams:written_correction", correction.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "exams/written/correction_form.html",
        {"form": form, "version": version},
        status=status,
    )


@role_required(Role.PROGRAM_ADMIN)
def correction_review(request, pk):
    correction = _correction(pk)
    regrades = list(
        correction.regrades.select_related("attempt__candidate", "attempt__exam").order_by(
            "attempt__exam__title", "attempt__candidate__full_legal_name", "attempt__number"
        )
    )
    # The pass/fail changes first: they are what the admin decides on.
    regrades.sort(key=lambda regrade: not regrade.flips)
    return render(
        request,
        "exams/written/correction_review.html",
        {
            "correction": correction,
            "regrades": regrades,
            "flips": sum(regrade.flips for regrade in regrades),
        },
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def correction_apply(request, pk):
    correction = _correction(pk)
    with refusal_shown(request) as refused:
        flipped = services.apply_correction(correction=correction, actor=request.user)
    if not refused:
        messages.success(
            request, f"Correction applied: {len(flipped)} pass/fail result(s) changed."
        )
    return redirect("exams:written_correction", pk)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def correction_discard(request, pk):
    correction = _correction(pk)
    with refusal_shown(request) as refused:
        services.discard_correction(correction=correction, actor=request.user)
    if not refused:
        messages.success(request, "Correction discarded; no result changed.")
    return redirect("exams:written_correction", pk)


@role_required(Role.PROGRAM_ADMIN)
def corrections(request):
    page = page_of(request, corrections_for_admin())
    return render(
        request, "exams/written/corrections.html", {"page": page, "corrections": page.object_list}
    )
