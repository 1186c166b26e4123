from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views, views_v1

app_name = "api"

v1 = [
    path(
        "api/v1/certificates/lookup",
        views_v1.CertificateLookup.as_view(),
        name="certificate_lookup",
    ),
    path(
        "api/v1/certificates/<str:code>",
        views_v1.CertificateByCode.as_view(),
        name="certificate_by_code",
    ),
    path(
        "api/v1/programs/<int:program_id>/holders",
        views_v1.ProgramHolders.as_view(),
        name="program_holders",
    ),
    path("api/v1/pathway", views_v1.ApplicantPathway.as_view(), name="applicant_pathway"),
]

urlpatterns = [
    *v1,
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("staff/partners/", views.keys, name="keys"),
    path("staff/partners/keys/<int:pk>/revoke", views.revoke_key, name="revoke_key"),
    path("staff/webhooks/", views.webhooks, name="webhooks"),
    path("staff/webhooks/<int:pk>/active", views.endpoint_active, name="endpoint_active"),
    path("staff/webhooks/deliveries/<int:pk>/redeliver", views.redeliver, name="redeliver"),
    path("partners/", views.consents, name="consents"),
    path("partners/grant", views.consent, {"action": "grant"}, name="grant_consent"),
    path("partners/withdraw", views.consent, {"action": "withdraw"}, name="withdraw_consent"),
]
