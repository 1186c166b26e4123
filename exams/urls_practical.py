"""URLs of the practical exam (included by exams/urls.py)."""

from django.urls import path

from .views import practical as views

urlpatterns = [
    path("examiner/", views.examiner_home, name="examiner_home"),
]
