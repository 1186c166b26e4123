from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/people/", views.people, name="people"),
    path("staff/people/<int:pk>/role/", views.change_role, name="change_role"),
]
