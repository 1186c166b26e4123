from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("instructor/", views.instructor_home, name="instructor_home"),
]
