from django.urls import path

from . import views

urlpatterns = [
    path("staff/reports/", views.registry_page, name="reports_registry"),
    path(
        "staff/reports/registry/download", views.registry_download, name="reports_registry_download"
    ),
    path("staff/reports/ce-roster/", views.roster_page, name="reports_ce_roster"),
    path(
        "staff/reports/ce-roster/download", views.roster_download, name="reports_ce_roster_download"
    ),
    path("staff/reports/monthly/", views.monthly_page, name="reports_monthly"),
    path("staff/reports/monthly/download", views.monthly_download, name="reports_monthly_download"),
    path("staff/reports/exports/", views.exports_page, name="report_exports"),
    path("staff/reports/exports/<int:pk>/", views.export_page, name="report_export"),
    path("staff/reports/exports/<int:pk>/status", views.export_status, name="report_export_status"),
    path("staff/reports/exports/<int:pk>/file", views.export_file, name="report_export_file"),
]
