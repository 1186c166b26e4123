from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.access import home_url_name_for, role_required
from accounts.roles import Role

from .health import broker_state, database_state
from .pathway import STEP_TEXTS, pathway_for

PATHWAY_STEPS = [
    (
        "Qualifications",
        "Submit your medical license and the credentials your jurisdiction asks for.",
    ),
    ("Program enrollment", "Enroll in an accredited program and complete its theory modules."),
    ("Hands-on training", "Log supervised sessions; your instructor verifies each one."),
    ("Certification exam", "Pass the written exam and the practical exam."),
    ("Certificate", "Download your certificate; anyone can verify it by its QR code."),
]


def home(request):
    if not request.user.is_authenticated:
        return render(request, "landing.html", {"steps": STEP_TEXTS})
    url_name = home_url_name_for(request.user)
    if url_name is None:
        return render(request, "no_role.html")
    return redirect(url_name)


@role_required(Role.APPLICANT)
def dashboard(request):
    return render(request, "certification/dashboard.html", {"steps": pathway_for(request.user)})


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_state(), "broker": broker_state()}
    healthy = all(state in {"ok", "eager"} for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
