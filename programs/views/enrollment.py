from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.confirm import ask_first
from accounts.errors import attempt
from accounts.roles import Role
from accounts.selectors import qualification_status

from .. import selectors, services
from ..access import cohort_to_apply, enrollment_for_admin, own_enrollment


@role_required(Role.APPLICANT)
def catalogue(request):
    enrollments = list(selectors.enrollments_of(request.user))
    return render(
        request,
        "programs/catalogue.html",
        {
            "programs": selectors.programs_with_open_cohorts(),
            "enrollments": enrollments,
            # One active enrollment per program: no apply button where one is running.
            "active_program_ids": {e.program_id for e in enrollments if e.is_active()},
            "status": qualification_status(request.user),
        },
    )


@require_POST
@role_required(Role.APPLICANT)
def apply(request, pk):
    cohort = cohort_to_apply(pk)
    attempt(
        request,
        lambda: services.apply_for_cohort(actor=request.user, cohort=cohort),
        f"Your application to {cohort} is recorded; its status is below.",
    )
    return redirect("programs:catalogue")


@require_POST
@role_required(Role.APPLICANT)
def withdraw(request, pk):
    enrollment = own_enrollment(request.user, pk)
    if page := ask_first(
        request,
        action=f"Withdraw from {enrollment.cohort}",
        consequence=(
            "Your place (or your application) is given up and goes to the next person waiting. "
            "To come back you apply again, and wait for a seat like anyone else."
        ),
        yes="Yes, withdraw",
        cancel_url=reverse("programs:catalogue"),
    ):
        return page
    attempt(
        request,
        lambda: services.withdraw_enrollment(enrollment=enrollment, actor=request.user),
        "You have withdrawn.",
    )
    return redirect("programs:catalogue")


@role_required(Role.PROGRAM_ADMIN)
def applications(request):
    return render(
        request,
        "programs/applications.html",
        # The program itself, for each row's accreditation flag, in the same query.
        {"applications": selectors.applications_awaiting_approval().select_related("program")},
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def approve(request, pk):
    enrollment = enrollment_for_admin(request.user, pk)
    attempt(
        request,
        lambda: services.approve_enrollment(enrollment=enrollment, actor=request.user),
        "Approved: enrolled if a seat was free, otherwise waitlisted.",
    )
    return redirect("programs:applications")
