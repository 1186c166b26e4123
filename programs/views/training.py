"""The trainee's pages: theory progress, the hands-on log, its exports."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.errors import refusal_shown
from accounts.roles import Role
from accounts.spreadsheets import csv_cell

from .. import selectors, services, training_rows
from ..access import own_session
from ..documents import case_log_pdf
from ..forms.training import (
    COPIED_FROM_LAST,
    FollowUpForm,
    NextStepForm,
    SessionForm,
    StartFromForm,
    initial_from,
)


@role_required(Role.APPLICANT)
def training(request):
    enrollment = selectors.current_enrollment(request.user)
    if enrollment is None:
        return render(request, "programs/training/home.html", {"enrollment": None})
    hands_on = selectors.hands_on_status_of(enrollment)
    return render(
        request,
        "programs/training/home.html",
        {
            "enrollment": enrollment,
            "theory": selectors.theory_progress(enrollment),
            "hands_on": hands_on,
            "coverage_rows": training_rows.coverage_rows(hands_on.coverage),
            "case_log_rows": training_rows.case_log_rows(selectors.case_log(enrollment)),
        },
    )


def _enrollment_to_log(request):
    enrollment = selectors.current_enrollment(request.user)
    if enrollment is None:
        messages.error(request, "You can log hands-on sessions once you are enrolled in a cohort.")
        return None
    if reason := services.why_session_cannot_be_logged(enrollment):
        messages.error(request, reason)
        return None
    return enrollment


def _session_form_page(
    request, *, enrollment, instance=None, save, title, success, initial=None, extra=None
):
    form = SessionForm(
        request.POST or None, instance=instance, initial=initial, enrollment=enrollment
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request) as refused:
            session = save(form.entry())
        if not refused:
            messages.success(request, success)
            then = NextStepForm(request.POST)
            if instance is None and then.is_valid() and then.cleaned_data["then"] == "another":
                # The next form starts from the session just logged: same supervisor,
                # product and set-up; the date and the model's details are left blank.
                return redirect(reverse("programs:log_session") + "?start_from=last")
            return redirect("programs:session", session.pk)
    return render(
        request,
        "programs/training/session_form.html",
        {
            "form": form,
            "title": title,
            "enrollment": enrollment,
            "session": instance,
            **(extra or {}),
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.APPLICANT)
def log_session(request):
    enrollment = _enrollment_to_log(request)
    if enrollment is None:
        return redirect("programs:training")
    last = selectors.sessions_of(enrollment).first()
    start = StartFromForm(request.GET)
    copied_from = None
    if (
        request.method == "GET"
        and last is not None
        and start.is_valid()
        and start.cleaned_data["start_from"] == "last"
    ):
        copied_from = last
    return _session_form_page(
        request,
        enrollment=enrollment,
        initial=initial_from(copied_from) if copied_from else None,
        save=lambda entry: services.log_session(
            enrollment=enrollment, actor=request.user, entry=entry
        ),
        title="Log a supervised session",
        success="Logged; it now waits for your supervisor's verification.",
        extra={
            "logging_new": True,
            "last_session": last,
            "copied_from": copied_from,
            "copied_fields": COPIED_FROM_LAST,
        },
    )


@role_required(Role.APPLICANT)
def edit_session(request, pk):
    """Correct a session the supervisor sent back, and submit it again."""
    session = own_session(request.user, pk)
    if reason := services.why_session_cannot_be_resubmitted(session):
        messages.error(request, reason)
        return redirect("programs:session", session.pk)
    return _session_form_page(
        request,
        enrollment=session.enrollment,
        instance=session,
        save=lambda entry: services.resubmit_session(
            session=session, actor=request.user, entry=entry
        ),
        title="Correct and resubmit the session",
        success="Resubmitted for verification.",
    )


@role_required(Role.APPLICANT)
def correct_session(request, pk):
    """A verified session stays as it was; its correction is a new entry to verify."""
    session = own_session(request.user, pk)
    if reason := services.why_session_cannot_be_corrected(session):
        messages.error(request, reason)
        return redirect("programs:session", session.pk)
    return _session_form_page(
        request,
        enrollment=session.enrollment,
        instance=session,
        save=lambda entry: services.correct_verified_session(
            session=session, actor=request.user, entry=entry
        ),
        title="Submit a correction of a verified session",
        success="The correction waits for verification; the verified entry stays until then.",
    )


@role_required(Role.APPLICANT)
def session(request, pk):
    session = own_session(request.user, pk)
    return render(
        request,
        "programs/training/session.html",
        {
            "session": session,
            "follow_up_form": FollowUpForm(initial={"noted_on": timezone.localdate()}),
        },
    )


@require_POST
@role_required(Role.APPLICANT)
def add_follow_up(request, pk):
    session = own_session(request.user, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        with refusal_shown(request) as refused:
            services.add_follow_up(session=session, actor=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, "Follow-up note added.")
            return redirect("programs:session", session.pk)
    return render(
        request,
        "programs/training/session.html",
        {"session": session, "follow_up_form": form},
        status=400,
    )


CSV_COLUMNS = [
    "date",
    "status",
    "supervisor",
    "minutes",
    "age band",
    "sex",
    "Fitzpatrick type",
    "treatment areas (units)",
    "total units",
    "product",
    "lot",
    "goal",
    "role",
    "outcome",
    "complications",
    "reflection",
]


def _units(value) -> str:
    return f"{value.normalize():f}" if value else "0"


@role_required(Role.APPLICANT)
def export_csv(request):
    enrollment = selectors.current_enrollment(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-log.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for s in selectors.sessions_of(enrollment) if enrollment else []:
        areas = list(s.areas.all())
        row = [
            s.performed_on.isoformat(),
            s.get_status_display(),
            s.supervisor.full_legal_name,
            s.duration_minutes,
            s.model_age_band,
            s.get_model_sex_display(),
            s.get_skin_type_display(),
            "; ".join(f"{a.area.name} ({_units(a.units)})" for a in areas),
            _units(sum(a.units for a in areas)),
            s.product,
            s.lot_number,
            s.get_goal_display(),
            s.get_trainee_role_display(),
            s.outcome,
            "; ".join(s.complication_labels()),
            s.reflection,
        ]
        writer.writerow([csv_cell(cell) for cell in row])
    return response


@role_required(Role.APPLICANT)
def export_pdf(request):
    enrollment = selectors.current_enrollment(request.user)
    if enrollment is None:
        messages.error(request, "There is no case log to export yet.")
        return redirect("programs:training")
    context = {
        "enrollment": enrollment,
        "hands_on": selectors.hands_on_status_of(enrollment),
        "sessions": selectors.sessions_of(enrollment),
        "trainee": request.user,
        "generated_at": timezone.now(),
    }
    response = HttpResponse(case_log_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="case-log.pdf"'
    return response
