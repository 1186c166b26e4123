from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("instructor/", views.instructor_home, name="instructor_home"),
    path("programs/", views.catalogue, name="catalogue"),
    path("programs/cohorts/<int:pk>/apply/", views.apply, name="apply"),
    path("programs/enrollments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("staff/enrollments/", views.applications, name="applications"),
    path("staff/enrollments/<int:pk>/approve/", views.approve, name="approve"),
]
