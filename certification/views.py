from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.access import role_required, roles_of
from accounts.roles import Role
from programs.models import Cohort, TrainingProgram

from . import menus, pipeline
from .health import broker_state, database_state
from .pathway import STEP_TEXTS
from .pathway_cache import dashboard_pathway


def home(request):
    if not request.user.is_authenticated:
        return render(request, "landing.html", {"steps": STEP_TEXTS})
    url = menus.home_url_for(roles_of(request.user))
    if url is None:
        return render(request, "no_role.html")
    return redirect(url)


@role_required(Role.APPLICANT)
def dashboard(request):
    steps = dashboard_pathway(request.user)
    returned = [need for step in steps for need in step.returned]
    return render(request, "certification/dashboard.html", {"steps": steps, "returned": returned})


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_state(), "broker": broker_state()}
    healthy = all(state in {"ok", "eager"} for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


class PipelineFilterForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=TrainingProgram.objects.all(),
        required=False,
        empty_label="All programs",
        widget=forms.Select(attrs={"class": "form-select", "aria-label": "Program"}),
    )
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.select_related("program"),
        required=False,
        empty_label="All cohorts",
        widget=forms.Select(attrs={"class": "form-select", "aria-label": "Cohort"}),
    )
    step = forms.TypedChoiceField(
        choices=[("", "Every step")]
        + [(n, f"{n}. {title}") for n, (title, _) in enumerate(STEP_TEXTS, start=1)]
        + [(pipeline.CERTIFIED, "Certified")],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select", "aria-label": "Step"}),
    )


@role_required(Role.PROGRAM_ADMIN)
def pipeline_view(request):
    form = PipelineFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    scope = {k: filters.get(k) for k in ("program", "cohort")}
    enrollments = pipeline.pipeline_enrollments(**scope)
    listed = pipeline.pipeline_enrollments(**scope, step=filters.get("step"))
    page = Paginator(pipeline.pipeline_rows(listed), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = pipeline.step_counts(enrollments)
    return render(
        request,
        "certification/pipeline.html",
        {
            "form": form,
            "counts": counts,
            "funnel": pipeline.funnel(counts),
            "total": sum(step.count for step in counts),
            "page": page,
        },
    )
