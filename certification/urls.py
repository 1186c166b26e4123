from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import (
    views,
    views_appeals,
    views_certificates,
    views_credentials,
    views_my_data,
    views_person_file,
    views_renewals,
    views_staff,
)
from .reports.urls import urlpatterns as report_patterns

certificate_patterns = [
    path("verify/", views_certificates.lookup, name="verify_lookup"),
    path("verify/<str:code>/", views_certificates.verify, name="verify"),
    path("certificates/<int:pk>/", views_certificates.my_certificate, name="my_certificate"),
    path("certificates/<int:pk>/pdf", views_certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<int:pk>/badge.json",
        views_certificates.certificate_badge,
        name="certificate_badge",
    ),
    path(
        "certificates/<int:pk>/credential.jwt",
        views_credentials.signed_credential,
        name="signed_credential",
    ),
    path("certificates/<int:pk>/renew", views_renewals.renewal_page, name="renew"),
    path("renewals/<int:pk>/ce/", views_renewals.add_ce_item, name="renewal_add_ce"),
    path(
        "renewals/<int:pk>/practice/",
        views_renewals.add_practice_entry,
        name="renewal_add_practice",
    ),
    path(
        "renewals/<int:pk>/ce/<int:item_pk>/proof/",
        views_renewals.upload_proof,
        name="renewal_upload_proof",
    ),
    path(
        "renewals/<int:pk>/ce/<int:item_pk>/proof/file",
        views_renewals.proof_file,
        name="renewal_proof_file",
    ),
    path("renewals/<int:pk>/submit/", views_renewals.submit, name="renewal_submit"),
    path("staff/renewals/<int:pk>/", views_renewals.staff_renewal, name="staff_renewal"),
    path(
        "staff/renewals/<int:pk>/approve/",
        views_renewals.staff_approve,
        name="staff_renewal_approve",
    ),
    path(
        "staff/renewals/<int:pk>/return/", views_renewals.staff_return, name="staff_renewal_return"
    ),
    path(
        "staff/renewals/<int:pk>/refuse/", views_renewals.staff_refuse, name="staff_renewal_refuse"
    ),
    path("staff/certificates/", views_certificates.staff_certificates, name="staff_certificates"),
    path(
        "staff/certificates/<int:pk>/",
        views_certificates.staff_certificate,
        name="staff_certificate",
    ),
    path(
        "staff/certificates/<int:pk>/revoke",
        views_certificates.staff_revoke,
        name="staff_revoke",
    ),
    path(
        "staff/certificates/<int:pk>/reinstate",
        views_certificates.staff_reinstate,
        name="staff_reinstate",
    ),
    path(
        "staff/certificates/<int:pk>/keep",
        views_certificates.staff_keep_flagged,
        name="staff_keep_flagged",
    ),
    path(
        "staff/certificates/<int:pk>/rerender",
        views_certificates.staff_rerender,
        name="staff_rerender",
    ),
]

certification_patterns = (
    [
        path("dashboard/", views.dashboard, name="dashboard"),
        path("my-data/", views_my_data.my_data, name="my_data"),
        path("staff/", views_staff.staff_home, name="staff_home"),
        path("staff/pipeline/", views.pipeline_view, name="pipeline"),
        path(
            "staff/people/<int:pk>/file/",
            views_person_file.person_file_view,
            name="person_file",
        ),
        *certificate_patterns,
        path("appeals/", views_appeals.my_appeals, name="my_appeals"),
        path("appeals/new/<str:kind>/<int:pk>/", views_appeals.file_appeal, name="file_appeal"),
        path("staff/appeals/", views_appeals.staff_appeals, name="staff_appeals"),
        path("staff/appeals/window/", views_appeals.appeal_window, name="appeal_window"),
        path("staff/appeals/<int:pk>/", views_appeals.staff_appeal, name="staff_appeal"),
        path("appeals/<int:pk>/document/", views_appeals.appeal_document, name="appeal_document"),
        *report_patterns,
    ],
    "certification",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    # The credential issuer's public face: keys, DID document and status lists, at stable URLs
    # outside the namespace because verifiers and signed credentials hold them for years.
    path(".well-known/jwks.json", views_credentials.jwks, name="credential_jwks"),
    path(".well-known/did.json", views_credentials.did_document, name="credential_did"),
    path(
        "credentials/status/<slug:purpose>/<int:number>",
        views_credentials.status_list,
        name="credential_status_list",
    ),
    # The exams first: their pages are grouped under five prefixes, so they cost every other
    # page five failed matches, and the written exam's autosave (the busiest endpoint of an exam
    # window) is found without trying the hundred-odd pages of the other apps first.
    path("", include("exams.urls")),
    path("", include(certification_patterns)),
    path("", include("accounts.urls")),
    path("", include("programs.urls")),
    path("", include("api.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCHMARK_ENDPOINTS:
    # The reference view of scripts/benchmark.py; never routed unless the environment asks.
    from . import bench

    urlpatterns += [
        path("bench/reference/", bench.reference, name="bench_reference"),
        path("bench/layout/", bench.layout, name="bench_layout"),
    ]
