from django.urls import path

from .urls_staff import urlpatterns as staff_urls
from .views import enrollment

app_name = "programs"
urlpatterns = [
    path("instructor/", enrollment.instructor_home, name="instructor_home"),
    path("programs/", enrollment.catalogue, name="catalogue"),
    path("programs/cohorts/<int:pk>/apply/", enrollment.apply, name="apply"),
    path("programs/enrollments/<int:pk>/withdraw/", enrollment.withdraw, name="withdraw"),
    path("staff/enrollments/", enrollment.applications, name="applications"),
    path("staff/enrollments/<int:pk>/approve/", enrollment.approve, name="approve"),
    *staff_urls,
]
