from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.access import role_required, roles_of
from accounts.listing import filtered_page
from accounts.roles import Role

from . import menus, pipeline
from .filters import PipelineFilter
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
    pathway = dashboard_pathway(request.user)
    return render(
        request,
        "certification/dashboard.html",
        {"steps": pathway.steps, "pathway_html": pathway.html},
    )


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_state(), "broker": broker_state()}
    healthy = all(state in {"ok", "eager"} for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@role_required(Role.PROGRAM_ADMIN)
def pipeline_view(request):
    enrollments = pipeline.pipeline_rows(pipeline.pipeline_enrollments())
    filterset = PipelineFilter(request.GET, queryset=enrollments)
    page = filtered_page(request, filterset)
    counts = pipeline.step_counts(filterset.scope())
    return render(
        request,
        "certification/pipeline.html",
        {
            "filterset": filterset,
            "counts": counts,
            "funnel": pipeline.funnel(counts),
            "total": sum(step.count for step in counts),
            "page": page,
        },
    )
