"""URLs of the practical exam (included by exams/urls.py; app_name is "exams")."""

from django.urls import path

from .views import practical as views
from .views import practical_examday as examday

urlpatterns = [
    # examiners
    path("examiner/", views.examiner_home, name="examiner_home"),
    path("examiner/forms/<int:pk>/", views.score_form, name="score_form"),
    path("examiner/forms/<int:pk>/check-in/", examday.check_in, name="sitting_check_in"),
    path("examiner/forms/<int:pk>/no-show/", examday.examiner_no_show, name="examiner_no_show"),
    # the candidate
    path("practical/", views.my_practical, name="my_practical"),
    path("practical/sittings/<int:pk>/", views.my_practical_result, name="my_practical_result"),
    path("practical/ready/", examday.declare_ready, name="practical_declare_ready"),
    # program admins
    path("staff/practical/rubrics/", views.rubrics, name="rubrics"),
    path("staff/practical/rubrics/new/", views.rubric_new, name="rubric_new"),
    path("staff/practical/rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("staff/practical/rubrics/<int:pk>/edit/", views.rubric_edit, name="rubric_edit"),
    path("staff/practical/rubrics/<int:pk>/cut/", views.rubric_cut, name="rubric_cut"),
    path(
        "staff/practical/rubrics/<int:pk>/apply-regression/",
        views.rubric_apply_regression,
        name="rubric_apply_regression",
    ),
    path("staff/practical/sittings/", views.sittings, name="sittings"),
    path("staff/practical/sittings/new/", views.sitting_new, name="sitting_new"),
    path("staff/practical/ready/", examday.ready_queue, name="practical_ready_queue"),
    path(
        "staff/practical/sittings/<int:pk>/cancel/", examday.sitting_cancel, name="sitting_cancel"
    ),
    path(
        "staff/practical/sittings/<int:pk>/reschedule/",
        examday.sitting_reschedule,
        name="sitting_reschedule",
    ),
    path(
        "staff/practical/sittings/<int:pk>/no-show/",
        examday.sitting_no_show,
        name="sitting_no_show",
    ),
    path("staff/practical/sittings/<int:pk>/", views.sitting_detail, name="sitting_detail"),
    path(
        "staff/practical/sittings/<int:pk>/examiners/",
        views.sitting_assign,
        name="sitting_assign",
    ),
    path(
        "staff/practical/sittings/<int:pk>/examiners/<int:assignment_pk>/remove/",
        views.sitting_unassign,
        name="sitting_unassign",
    ),
    path(
        "staff/practical/sittings/<int:pk>/decision/",
        views.sitting_resolve,
        name="sitting_resolve",
    ),
    path("staff/practical/reports/", views.practical_reports, name="practical_reports"),
]
