from django.urls import path

from .urls_staff import urlpatterns as staff_urls
from .views import enrollment, teaching, training

app_name = "programs"
urlpatterns = [
    # applicants: the catalogue and their own training record
    path("programs/", enrollment.catalogue, name="catalogue"),
    path("programs/cohorts/<int:pk>/apply/", enrollment.apply, name="apply"),
    path("programs/enrollments/<int:pk>/withdraw/", enrollment.withdraw, name="withdraw"),
    path("training/", training.training, name="training"),
    path("training/sessions/new/", training.log_session, name="log_session"),
    path("training/sessions/<int:pk>/", training.session, name="session"),
    path("training/sessions/<int:pk>/edit/", training.edit_session, name="edit_session"),
    path("training/sessions/<int:pk>/correct/", training.correct_session, name="correct_session"),
    path("training/sessions/<int:pk>/follow-up/", training.add_follow_up, name="add_follow_up"),
    path("training/case-log.csv", training.export_csv, name="export_csv"),
    path("training/case-log.pdf", training.export_pdf, name="export_pdf"),
    # instructors: their cohorts only
    path("instructor/", teaching.instructor_home, name="instructor_home"),
    path("instructor/cohorts/<int:pk>/", teaching.cohort, name="teaching_cohort"),
    path(
        "instructor/cohorts/<int:pk>/modules/<int:module_pk>/",
        teaching.module_roster,
        name="module_roster",
    ),
    path(
        "instructor/cohorts/<int:pk>/trainees/<int:enrollment_pk>/",
        teaching.trainee_modules,
        name="trainee_modules",
    ),
    path("instructor/sessions/", teaching.verification_queue, name="verification_queue"),
    path("instructor/sessions/<int:pk>/", teaching.review_session, name="review_session"),
    path("instructor/sessions/<int:pk>/verify/", teaching.verify_session, name="verify_session"),
    path("instructor/sessions/<int:pk>/return/", teaching.return_session, name="return_session"),
    # program admins
    path("staff/enrollments/", enrollment.applications, name="applications"),
    path("staff/enrollments/<int:pk>/approve/", enrollment.approve, name="approve"),
    *staff_urls,
]
