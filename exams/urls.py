from django.urls import path

from . import views

app_name = "exams"
urlpatterns = [
    path("examiner/", views.examiner_home, name="examiner_home"),
]
