"""The instructor's pages: cohorts, theory-module records, the hands-on verification queue."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.errors import refusal_shown
from accounts.roles import Role

from .. import selectors, services
from ..access import cohort_taught_by, module_of, session_supervised_by, trainee_of
from ..forms.training import (
    ModuleRecordFormSet,
    ReturnSessionForm,
    VerifySessionForm,
    module_record_initial,
)
from ..verification_rows import verification_rows


@role_required(Role.INSTRUCTOR)
def instructor_home(request):
    return render(
        request,
        "programs/teaching/home.html",
        {
            "cohorts": selectors.cohorts_taught_by(request.user),
            "waiting": selectors.verification_queue(request.user).count(),
        },
    )


@role_required(Role.INSTRUCTOR)
def cohort(request, pk):
    cohort = cohort_taught_by(request.user, pk)
    return render(
        request,
        "programs/teaching/cohort.html",
        {
            "cohort": cohort,
            "roster": selectors.cohort_roster(cohort),
            "progress_rows": selectors.progress_rows(selectors.staff_cohort_roster(cohort)),
        },
    )


def _save_records(request, formset, forms_and_targets) -> bool:
    """Save a roster in one transaction: one refused row and nothing of it is kept."""
    # Every row is a trainee already on the roster: a management form that claims extra rows
    # (INITIAL_FORMS lowered by hand) would hand the service an empty row.
    rows = len(forms_and_targets)
    if formset.total_form_count() != rows or formset.initial_form_count() != rows:
        messages.error(request, "The roster changed while you were editing; check it and save.")
        return False
    with refusal_shown(request, prefix="Nothing was saved: ") as refused, transaction.atomic():
        for form, enrollment, module in forms_and_targets:
            services.record_module_completion(
                enrollment=enrollment,
                module=module,
                actor=request.user,
                **form.cleaned_data,
            )
    return not refused


@role_required(Role.INSTRUCTOR)
def module_roster(request, pk, module_pk):
    """One module for the whole cohort at once."""
    cohort = cohort_taught_by(request.user, pk)
    module = module_of(cohort, module_pk)
    records = selectors.module_records(cohort, module)
    formset = ModuleRecordFormSet(
        request.POST or None, initial=[module_record_initial(r.completion) for r in records]
    )
    if request.method == "POST" and formset.is_valid():
        targets = [(f, r.enrollment, module) for f, r in zip(formset, records, strict=False)]
        if _save_records(request, formset, targets):
            messages.success(request, f"{module} is recorded for the cohort.")
            return redirect("programs:teaching_cohort", cohort.pk)
    return render(
        request,
        "programs/teaching/module_roster.html",
        {
            "cohort": cohort,
            "module": module,
            "rows": list(zip(formset, records, strict=False)),
            "formset": formset,
        },
    )


@role_required(Role.INSTRUCTOR)
def trainee_modules(request, pk, enrollment_pk):
    """Every module for one trainee."""
    cohort = cohort_taught_by(request.user, pk)
    enrollment = trainee_of(cohort, enrollment_pk)
    progress = selectors.theory_progress(enrollment)
    formset = ModuleRecordFormSet(
        request.POST or None,
        initial=[module_record_initial(item.completion) for item in progress.modules],
    )
    if request.method == "POST" and formset.is_valid():
        targets = [
            (f, enrollment, item.module) for f, item in zip(formset, progress.modules, strict=False)
        ]
        if _save_records(request, formset, targets):
            messages.success(request, f"Modules of {enrollment.applicant.full_legal_name} saved.")
            return redirect("programs:teaching_cohort", cohort.pk)
    return render(
        request,
        "programs/teaching/trainee_modules.html",
        {
            "cohort": cohort,
            "enrollment": enrollment,
            "rows": list(zip(formset, progress.modules, strict=False)),
            "formset": formset,
        },
    )


@role_required(Role.INSTRUCTOR)
def verification_queue(request):
    page, sessions = selectors.verification_queue_page(
        request.user, page_number=request.GET.get("page"), per_page=settings.PAGE_SIZE
    )
    return render(
        request, "programs/teaching/queue.html", {"page": page, "rows": verification_rows(sessions)}
    )


@role_required(Role.INSTRUCTOR)
def review_session(request, pk):
    session = session_supervised_by(request.user, pk)
    return render(
        request,
        "programs/teaching/review_session.html",
        {
            "session": session,
            "verify_form": VerifySessionForm(),
            "return_form": ReturnSessionForm(),
        },
    )


def _to_next_in_queue(request, done: str):
    """After a decision, straight on to the next session waiting for this instructor (the
    oldest first, as the queue lists them), or back to the queue when none is left."""
    following = selectors.verification_queue(request.user).first()
    if following is None:
        messages.success(request, f"{done} Nothing else waits for your verification.")
        return redirect("programs:verification_queue")
    name = following.enrollment.applicant.full_legal_name
    messages.success(
        request, f"{done} Next: {name}'s session of {following.performed_on:%d %b %Y}."
    )
    return redirect("programs:review_session", following.pk)


def _decide(request, session, form, action, success):
    if form.is_valid():
        with refusal_shown(request) as refused:
            action(**form.cleaned_data)
        if not refused:
            return _to_next_in_queue(request, success)
    verify_form = form if isinstance(form, VerifySessionForm) else VerifySessionForm()
    return_form = form if isinstance(form, ReturnSessionForm) else ReturnSessionForm()
    return render(
        request,
        "programs/teaching/review_session.html",
        {"session": session, "verify_form": verify_form, "return_form": return_form},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(Role.INSTRUCTOR)
def verify_session(request, pk):
    session = session_supervised_by(request.user, pk)
    return _decide(
        request,
        session,
        VerifySessionForm(request.POST),
        lambda **data: services.verify_session(session=session, actor=request.user, **data),
        "Verified; the session now counts towards the trainee's minimums.",
    )


@require_POST
@role_required(Role.INSTRUCTOR)
def return_session(request, pk):
    session = session_supervised_by(request.user, pk)
    return _decide(
        request,
        session,
        ReturnSessionForm(request.POST),
        lambda **data: services.return_session(session=session, actor=request.user, **data),
        "Sent back to the trainee for correction.",
    )
