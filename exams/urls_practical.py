"""URLs of the practical exam (included by exams/urls.py; app_name is "exams")."""

from django.urls import include, path

from .views import practical as views
from .views import practical_examday as examday

# Grouped by their first segments (see urls_written.py).
# examiners
examiner_patterns = [
    path("", views.examiner_home, name="examiner_home"),
    path("forms/<int:pk>/", views.score_form, name="score_form"),
    path("forms/<int:pk>/check-in/", examday.check_in, name="sitting_check_in"),
    path("forms/<int:pk>/no-show/", examday.examiner_no_show, name="examiner_no_show"),
]

# the candidate
candidate_patterns = [
    path("", views.my_practical, name="my_practical"),
    path("sittings/<int:pk>/", views.my_practical_result, name="my_practical_result"),
    path("ready/", examday.declare_ready, name="practical_declare_ready"),
]

# program admins
staff_patterns = [
    path("rubrics/", views.rubrics, name="rubrics"),
    path("rubrics/new/", views.rubric_new, name="rubric_new"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/edit/", views.rubric_edit, name="rubric_edit"),
    path("rubrics/<int:pk>/cut/", views.rubric_cut, name="rubric_cut"),
    path(
        "rubrics/<int:pk>/apply-regression/",
        views.rubric_apply_regression,
        name="rubric_apply_regression",
    ),
    path("sittings/", views.sittings, name="sittings"),
    path("sittings/new/", views.sitting_new, name="sitting_new"),
    path("ready/", examday.ready_queue, name="practical_ready_queue"),
    path("sittings/<int:pk>/cancel/", examday.sitting_cancel, name="sitting_cancel"),
    path(
        "sittings/<int:pk>/reschedule/",
        examday.sitting_reschedule,
        name="sitting_reschedule",
    ),
    path(
        "sittings/<int:pk>/no-show/",
        examday.sitting_no_show,
        name="sitting_no_show",
    ),
    path("sittings/<int:pk>/", views.sitting_detail, name="sitting_detail"),
    path(
        "sittings/<int:pk>/examiners/",
        views.sitting_assign,
        name="sitting_assign",
    ),
    path(
        "sittings/<int:pk>/examiners/<int:assignment_pk>/remove/",
        views.sitting_unassign,
        name="sitting_unassign",
    ),
    path(
        "sittings/<int:pk>/decision/",
        views.sitting_resolve,
        name="sitting_resolve",
    ),
    path("reports/", views.practical_reports, name="practical_reports"),
]

urlpatterns = [
    path("examiner/", include(examiner_patterns)),
    path("practical/", include(candidate_patterns)),
    path("staff/practical/", include(staff_patterns)),
]
