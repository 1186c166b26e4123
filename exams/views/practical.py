"""The practical exam."""

from django.shortcuts import render

from accounts.access import role_required
from accounts.roles import Role


@role_required(Role.EXAMINER)
def examiner_home(request):
    return render(request, "exams/examiner_home.html")
