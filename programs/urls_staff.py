"""URLs of the program admins' pages for programs and cohorts (included by programs/urls.py)."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("staff/programs/", staff.ProgramListView.as_view(), name="staff_programs"),
    path("staff/programs/new/", staff.ProgramCreateView.as_view(), name="staff_program_new"),
    path("staff/programs/<int:pk>/", staff.program_detail, name="staff_program"),
    path(
        "staff/programs/<int:pk>/edit/",
        staff.ProgramUpdateView.as_view(),
        name="staff_program_edit",
    ),
    path(
        "staff/programs/<int:program_pk>/hands-on/",
        staff.RequirementsView.as_view(),
        name="staff_requirements",
    ),
    path(
        "staff/programs/<int:program_pk>/modules/new/",
        staff.ModuleCreateView.as_view(),
        name="staff_module_new",
    ),
    path(
        "staff/modules/<int:pk>/edit/", staff.ModuleUpdateView.as_view(), name="staff_module_edit"
    ),
    path("staff/modules/<int:pk>/delete/", staff.module_delete, name="staff_module_delete"),
    path(
        "staff/programs/<int:program_pk>/areas/new/",
        staff.AreaCreateView.as_view(),
        name="staff_area_new",
    ),
    path("staff/areas/<int:pk>/edit/", staff.AreaUpdateView.as_view(), name="staff_area_edit"),
    path("staff/areas/<int:pk>/delete/", staff.area_delete, name="staff_area_delete"),
    path(
        "staff/programs/<int:program_pk>/cohorts/new/",
        staff.CohortCreateView.as_view(),
        name="staff_cohort_new",
    ),
    path("staff/cohorts/<int:pk>/", staff.cohort_detail, name="staff_cohort"),
    path(
        "staff/cohorts/<int:pk>/edit/", staff.CohortUpdateView.as_view(), name="staff_cohort_edit"
    ),
    path(
        "staff/cohort-enrollments/<int:pk>/approve/",
        staff.enrollment_approve,
        name="staff_enrollment_approve",
    ),
    path(
        "staff/cohort-enrollments/<int:pk>/withdraw/",
        staff.enrollment_withdraw,
        name="staff_enrollment_withdraw",
    ),
    path(
        "staff/cohort-enrollments/<int:pk>/complete/",
        staff.enrollment_complete,
        name="staff_enrollment_complete",
    ),
]
