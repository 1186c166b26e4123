"""Exam-day pages of the practical exam: the ready queue, cancelling, moving and "did not
attend" (admins), the examiner's check-in (photo ID) before scoring, the candidate's "I am ready".
Thin: parse with a form, call a service, a refusal becomes a message."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.errors import attempt
from accounts.listing import page_of
from accounts.roles import Role
from programs.selectors import current_enrollment

from ..access.practical import form_for_examiner, sitting_for_admin
from ..filters import ReadyQueueFilter
from ..forms.practical import (
    CancelSittingForm,
    IdentityCheckForm,
    NoShowForm,
    RescheduleForm,
)
from ..selectors.practical_queue import ReadyQueue
from ..services.practical import examday
from ..services.practical.scoring import scoring_closed_because


def _form_errors(form) -> str:
    return "; ".join(error for errors in form.errors.values() for error in errors)


# --- program admins -----------------------------------------------------------------------------


@role_required(Role.PROGRAM_ADMIN)
def ready_queue(request):
    # Paged: at national scale the queue holds thousands (4,691 on the seed), and only the
    # page's rows are worked out. The search narrows it by name or e-mail; while its value is
    # invalid (too long, a null character) the list is empty and the form says why.
    search = ReadyQueueFilter(request.GET)
    valid = search.is_valid()
    query = search.form.cleaned_data["q"] if valid else ""
    page = page_of(request, ReadyQueue(query=query) if valid else [])
    return render(
        request,
        "exams/practical/ready_queue.html",
        {"page": page, "filterset": search, "query": query},
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def sitting_cancel(request, pk):
    sitting = sitting_for_admin(request.user, pk)
    form = CancelSittingForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was cancelled: {_form_errors(form)}")
    else:
        attempt(
            request,
            lambda: examday.cancel_sitting(
                sitting=sitting, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            "The sitting is cancelled; the candidate and the examiners are told. The candidate "
            "can be scheduled again.",
        )
    return redirect("exams:sitting_detail", pk=pk)


@role_required(Role.PROGRAM_ADMIN)
def sitting_reschedule(request, pk):
    sitting = sitting_for_admin(request.user, pk)
    form = RescheduleForm(
        request.POST or None,
        initial={
            "starts_at": sitting.starts_at,
            "duration_minutes": sitting.duration_minutes,
            "place": sitting.place,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: examday.reschedule_sitting(
                sitting=sitting,
                actor=request.user,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                reason=data["reason"],
            ),
            "The sitting is moved; the candidate and the examiners get the new invitation.",
        )
        if done:
            return redirect("exams:sitting_detail", pk=pk)
    return render(
        request, "exams/practical/sitting_reschedule.html", {"sitting": sitting, "form": form}
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def sitting_no_show(request, pk):
    sitting = sitting_for_admin(request.user, pk)
    form = NoShowForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: examday.mark_no_show(
                sitting=sitting, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            "Recorded: the candidate did not attend. They can be scheduled again.",
        )
    return redirect("exams:sitting_detail", pk=pk)


# --- the examiner -------------------------------------------------------------------------------


@role_required(Role.EXAMINER)
def check_in(request, pk):
    """Before the score form: the sitting, why scoring is closed, the photo ID check."""
    assignment = form_for_examiner(request.user, pk)
    sitting = assignment.sitting
    form = IdentityCheckForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            done = attempt(
                request,
                lambda: examday.record_identity_check(
                    sitting=sitting,
                    actor=request.user,
                    document_type=data["document_type"],
                    last_four=data["last_four"],
                    name_matches=data["name_matches"],
                ),
                "ID checked and recorded.",
            )
            if done:
                return redirect("exams:score_form", pk=pk)
        else:
            messages.error(request, "The ID check was not recorded; see the points below.")
    return render(
        request,
        "exams/practical/check_in.html",
        {
            "assignment": assignment,
            "sitting": sitting,
            "form": form,
            "closed_because": scoring_closed_because(assignment),
            "no_show_form": NoShowForm(),
        },
    )


@require_POST
@role_required(Role.EXAMINER)
def examiner_no_show(request, pk):
    assignment = form_for_examiner(request.user, pk)
    form = NoShowForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: examday.mark_no_show(
                sitting=assignment.sitting, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            "Recorded: the candidate did not attend.",
        )
    return redirect("exams:examiner_home")


# --- the candidate ------------------------------------------------------------------------------


@require_POST
@role_required(Role.APPLICANT)
def declare_ready(request):
    enrollment = current_enrollment(request.user)
    if enrollment is None:
        messages.error(request, "You are not enrolled in a program.")
    else:
        attempt(
            request,
            lambda: examday.declare_ready(actor=request.user, program=enrollment.program),
            "Thank you: the program admins see that you are ready and will schedule you.",
        )
    return redirect("exams:my_practical")
