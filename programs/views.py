from django.shortcuts import render

from accounts.access import role_required
from accounts.roles import Role


@role_required(Role.INSTRUCTOR)
def instructor_home(request):
    return render(request, "programs/instructor_home.html")
