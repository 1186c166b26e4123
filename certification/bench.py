"""The baselines of scripts/benchmark.py: the reference page (exactly 3 small ORM queries and a
tiny template) and the base layout with an empty body (what every signed-in page pays first).

DESIGN.md states the page targets relative to "a view doing 3 ORM queries" measured in the same
run, because absolute figures move with the machine and its load. Routed only when
DJANGO_BENCHMARK_ENDPOINTS=true (see certification/urls.py); it reads no session and no user.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Jurisdiction
from programs.models import Cohort, TrainingProgram


@require_GET
def reference(request):
    jurisdiction = Jurisdiction.objects.order_by("pk").first()  # query 1
    programs = list(TrainingProgram.objects.order_by("pk")[:3])  # query 2
    cohort = Cohort.objects.order_by("pk").only("pk", "name").first()  # query 3
    return render(
        request,
        "certification/bench.html",
        {"jurisdiction": jurisdiction, "programs": programs, "cohort": cohort},
    )


@require_GET
def layout(request):
    """The site's base layout with nothing in it, for whoever the session says is signed in."""
    return render(request, "certification/bench_layout.html")
