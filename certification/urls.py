from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

certification_patterns = (
    [path("dashboard/", views.dashboard, name="dashboard")],
    "certification",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include(certification_patterns)),
    path("", include("accounts.urls")),
    path("", include("programs.urls")),
    path("", include("exams.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCHMARK_ENDPOINTS:
    # The reference view of scripts/benchmark.py; never routed unless the environment asks.
    from . import bench

    urlpatterns.append(path("bench/reference/", bench.reference, name="bench_reference"))
