"""The staff home (/staff/): what waits for the signed-in person, from every app's tiles."""

from django.shortcuts import render

from accounts.access import role_required, roles_of
from accounts.roles import STAFF_ROLES

from . import menus


@role_required(*STAFF_ROLES)
def staff_home(request):
    roles = roles_of(request.user)
    return render(
        request,
        "certification/staff_home.html",
        {"tiles": menus.staff_work_for(request.user, roles), "roles": sorted(roles)},
    )
