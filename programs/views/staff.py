"""The program admins' pages for programs and cohorts.

Create and edit pages are generic views whose `form_valid` hands the cleaned values to a
service; a DomainError from the service becomes a form error and nothing is saved. Buttons are
POST views that call one service each and turn a DomainError into a message.
"""

from functools import cached_property

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from accounts.access import RoleRequiredMixin, role_required
from accounts.confirm import ask_first
from accounts.errors import attempt, refusal_shown
from accounts.roles import Role

from .. import selectors, services
from ..access import enrollment_for_admin
from ..filters import RosterFilter
from ..forms.staff import (
    CohortForm,
    HandsOnRequirementsForm,
    ProgramForm,
    TheoryModuleForm,
    TreatmentAreaForm,
    WithdrawForm,
)
from ..models import Cohort, Enrollment, TheoryModule, TrainingProgram, TreatmentArea

STATUSES = Enrollment.Status.choices


class StaffMixin(RoleRequiredMixin):
    required_role = Role.PROGRAM_ADMIN


class ServiceFormMixin:
    """A create/edit page whose saving is a service call (`save(form)`)."""

    template_name = "programs/staff/form.html"
    success_message = "Saved."
    title = ""

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        with refusal_shown(self.request, form=form) as refused:
            self.object = self.save(form)
        if refused:
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        kwargs.setdefault("program", self.breadcrumb_program())
        return super().get_context_data(title=self.title, back_url=self.back_url(), **kwargs)

    def breadcrumb_program(self) -> TrainingProgram | None:
        """The program an edit page belongs to, for the breadcrumb."""
        obj = getattr(self, "object", None)
        if isinstance(obj, TrainingProgram):
            return obj
        return getattr(obj, "program", None)

    def back_url(self) -> str:
        return reverse("programs:staff_programs")


class ProgramScopedMixin:
    """A page under one program (`program_pk` in the URL)."""

    @cached_property
    def program(self) -> TrainingProgram:
        return selectors.program_for_admin(self.request.user, self.kwargs["program_pk"])

    def back_url(self) -> str:
        return reverse("programs:staff_program", args=[self.program.pk])

    def get_success_url(self) -> str:
        return self.back_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(program=self.program, **kwargs)


# --- programs ------------------------------------------------------------------------------------


class ProgramListView(StaffMixin, ListView):
    template_name = "programs/staff/program_list.html"
    context_object_name = "programs"

    def get_queryset(self):
        return selectors.programs_for_staff()


class ProgramCreateView(StaffMixin, ServiceFormMixin, CreateView):
    form_class = ProgramForm
    title = "New training program"
    success_message = "Program created with the six standard theory modules and default minimums."

    def save(self, form):
        return services.create_program(values=form.cleaned_data, actor=self.request.user)

    def get_success_url(self):
        return reverse("programs:staff_program", args=[self.object.pk])


class ProgramUpdateView(StaffMixin, ServiceFormMixin, UpdateView):
    model = TrainingProgram
    form_class = ProgramForm
    success_message = "Program saved."

    @property
    def title(self):
        return f"Edit {self.object}"

    def save(self, form):
        return services.update_program(
            program=self.object, values=form.cleaned_data, actor=self.request.user
        )

    def back_url(self):
        return reverse("programs:staff_program", args=[self.object.pk])

    def get_success_url(self):
        return self.back_url()


@role_required(Role.PROGRAM_ADMIN)
def program_detail(request, pk):
    program = selectors.program_for_admin(request.user, pk)
    page = selectors.staff_program_page(program)
    return render(
        request,
        "programs/staff/program_detail.html",
        {
            "program": program,
            "page": page,
            "requirements_form": HandsOnRequirementsForm(instance=page.requirements),
        },
    )


class RequirementsView(StaffMixin, ProgramScopedMixin, ServiceFormMixin, UpdateView):
    form_class = HandsOnRequirementsForm
    success_message = "Hands-on minimums saved; they apply to every running trainee."

    @property
    def title(self):
        return f"Hands-on minimums of {self.program}"

    def get_object(self, queryset=None):
        return selectors.requirements_of(self.program)

    def save(self, form):
        return services.change_hands_on_requirements(
            program=self.program, values=form.cleaned_data, actor=self.request.user
        )


# --- theory modules and treatment areas ---------------------------------------------------------


def _next_position(items) -> int:
    return (items.aggregate(last=Max("position"))["last"] or 0) + 1


class ModuleCreateView(StaffMixin, ProgramScopedMixin, ServiceFormMixin, CreateView):
    form_class = TheoryModuleForm
    success_message = "Module added."

    @property
    def title(self):
        return f"New theory module of {self.program}"

    def get_initial(self):
        return {"topic": TheoryModule.Topic.OTHER, "position": _next_position(self.program.modules)}

    def save(self, form):
        return services.add_module(
            program=self.program, values=form.cleaned_data, actor=self.request.user
        )


class ModuleUpdateView(StaffMixin, ServiceFormMixin, UpdateView):
    model = TheoryModule
    form_class = TheoryModuleForm
    success_message = "Module saved."

    @property
    def title(self):
        return f"Edit module “{self.object}”"

    def save(self, form):
        return services.update_module(
            module=self.object, values=form.cleaned_data, actor=self.request.user
        )

    def back_url(self):
        return reverse("programs:staff_program", args=[self.object.program_id])

    def get_success_url(self):
        return self.back_url()


class AreaCreateView(StaffMixin, ProgramScopedMixin, ServiceFormMixin, CreateView):
    form_class = TreatmentAreaForm
    success_message = "Treatment area added."

    @property
    def title(self):
        return f"New treatment area of {self.program}"

    def get_initial(self):
        return {"position": _next_position(self.program.treatment_areas)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def save(self, form):
        return services.add_treatment_area(
            program=self.program, values=form.cleaned_data, actor=self.request.user
        )


class AreaUpdateView(StaffMixin, ServiceFormMixin, UpdateView):
    model = TreatmentArea
    form_class = TreatmentAreaForm
    success_message = "Treatment area saved."

    @property
    def title(self):
        return f"Edit treatment area “{self.object}”"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.object.program}

    def save(self, form):
        return services.update_treatment_area(
            area=self.object, values=form.cleaned_data, actor=self.request.user
        )

    def back_url(self):
        return reverse("programs:staff_program", args=[self.object.program_id])

    def get_success_url(self):
        return self.back_url()


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def module_delete(request, pk):
    module = selectors.module_for_admin(request.user, pk)
    back = reverse("programs:staff_program", args=[module.program_id])
    if page := ask_first(
        request,
        action=f"Delete the module “{module}”",
        consequence=f"The module is removed from {module.program}; it cannot be restored.",
        yes="Yes, delete the module",
        cancel_url=back,
    ):
        return page
    attempt(
        request,
        lambda: services.delete_module(module=module, actor=request.user),
        f"Module “{module}” deleted.",
    )
    return redirect("programs:staff_program", pk=module.program_id)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def area_delete(request, pk):
    area = selectors.treatment_area_for_admin(request.user, pk)
    back = reverse("programs:staff_program", args=[area.program_id])
    if page := ask_first(
        request,
        action=f"Delete the treatment area “{area}”",
        consequence=f"The area is removed from {area.program}; it cannot be restored.",
        yes="Yes, delete the area",
        cancel_url=back,
    ):
        return page
    attempt(
        request,
        lambda: services.delete_treatment_area(area=area, actor=request.user),
        f"Treatment area “{area}” deleted.",
    )
    return redirect("programs:staff_program", pk=area.program_id)


# --- cohorts -------------------------------------------------------------------------------------


def _cohort_values(form) -> tuple[dict, list]:
    values = dict(form.cleaned_data)
    return values, list(values.pop("instructors"))


class CohortCreateView(StaffMixin, ProgramScopedMixin, ServiceFormMixin, CreateView):
    form_class = CohortForm
    success_message = "Cohort created."

    @property
    def title(self):
        return f"New cohort of {self.program}"

    def save(self, form):
        values, instructors = _cohort_values(form)
        return services.create_cohort(
            program=self.program, values=values, instructors=instructors, actor=self.request.user
        )

    def get_success_url(self):
        return reverse("programs:staff_cohort", args=[self.object.pk])


class CohortUpdateView(StaffMixin, ServiceFormMixin, UpdateView):
    model = Cohort
    form_class = CohortForm
    success_message = "Cohort saved. Any new seats went to the waitlist in the order applied."

    def get_queryset(self):
        return Cohort.objects.select_related("program")

    @property
    def title(self):
        return f"Edit {self.object}"

    def save(self, form):
        values, instructors = _cohort_values(form)
        return services.update_cohort(
            cohort=self.object, values=values, instructors=instructors, actor=self.request.user
        )

    def back_url(self):
        return reverse("programs:staff_cohort", args=[self.object.pk])

    def get_success_url(self):
        return self.back_url()


@role_required(Role.PROGRAM_ADMIN)
def cohort_detail(request, pk):
    cohort = selectors.cohort_for_admin(request.user, pk)
    filterset = RosterFilter(request.GET, queryset=selectors.cohort_enrollments(cohort))
    listed = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    status = filterset.form.cleaned_data.get("status", "") if filterset.is_valid() else ""
    roster = selectors.staff_cohort_roster(cohort, enrollments=listed)
    # The chart shows the trainees who count, whatever status the list below is filtered by.
    everyone = (
        roster if filterset.is_valid() and not status else selectors.staff_cohort_roster(cohort)
    )
    progress_rows = selectors.progress_rows(everyone)
    return render(
        request,
        "programs/staff/cohort_detail.html",
        {
            "cohort": cohort,
            "roster": roster,
            "progress_rows": progress_rows,
            "status": status,
            "filterset": filterset,
            "tabs": [
                (value, label, roster.counts[value]) for value, label in Enrollment.Status.choices
            ],
        },
    )


def _cohort_url(request, enrollment: Enrollment) -> str:
    url = reverse("programs:staff_cohort", args=[enrollment.cohort_id])
    status = request.POST.get("status", "")
    if status in Enrollment.Status.values:
        url += f"?status={status}"
    return url


def _back_to_cohort(request, enrollment: Enrollment):
    return redirect(_cohort_url(request, enrollment))


def _name(enrollment: Enrollment) -> str:
    return enrollment.applicant.full_legal_name or enrollment.applicant.email


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def enrollment_approve(request, pk):
    enrollment = enrollment_for_admin(request.user, pk)
    attempt(
        request,
        lambda: services.approve_enrollment(enrollment=enrollment, actor=request.user),
        f"{_name(enrollment)} approved: enrolled if a seat was free, otherwise waitlisted.",
    )
    return _back_to_cohort(request, enrollment)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def enrollment_withdraw(request, pk):
    enrollment = enrollment_for_admin(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for the withdrawal; it is kept in the record.")
        return _back_to_cohort(request, enrollment)
    if page := ask_first(
        request,
        action=f"Withdraw {_name(enrollment)} from {enrollment.cohort}",
        consequence=(
            "The enrollment ends and its seat goes to the first on the waitlist. To come back, "
            "the trainee applies again."
        ),
        details=[f"Reason recorded: {form.cleaned_data['reason']}"],
        yes="Yes, withdraw",
        cancel_url=_cohort_url(request, enrollment),
    ):
        return page
    attempt(
        request,
        lambda: services.withdraw_enrollment(
            enrollment=enrollment, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        f"{_name(enrollment)} withdrawn. A freed seat went to the first on the waitlist.",
    )
    return _back_to_cohort(request, enrollment)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def enrollment_complete(request, pk):
    enrollment = enrollment_for_admin(request.user, pk)
    if page := ask_first(
        request,
        action=f"Mark {_name(enrollment)} as having completed {enrollment.program}",
        consequence=(
            "The enrollment is closed as completed: no more theory records or hands-on "
            "sessions are taken for it."
        ),
        yes="Yes, mark completed",
        cancel_url=_cohort_url(request, enrollment),
    ):
        return page
    attempt(
        request,
        lambda: services.complete_enrollment(enrollment=enrollment, actor=request.user),
        f"{_name(enrollment)} has completed the program.",
    )
    return _back_to_cohort(request, enrollment)
