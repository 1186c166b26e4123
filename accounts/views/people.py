from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import services
from ..access import role_required
from ..errors import refusal_shown
from ..filters import PeopleFilter
from ..forms import RoleChangeForm
from ..listing import filtered_page
from ..models import User
from ..roles import Role
from ..selectors import people_for_role_admin


@role_required(Role.PROGRAM_ADMIN)
def people(request):
    filterset = PeopleFilter(request.GET, queryset=people_for_role_admin())
    page = filtered_page(request, filterset)
    rows = []
    for person in page:
        held = {group.name for group in person.groups.all()}
        rows.append((person, [(role, role.value in held) for role in Role]))
    return render(
        request,
        "accounts/people.html",
        {
            "page": page,
            "rows": rows,
            "roles": list(Role),
            "filterset": filterset,
        },
    )


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def change_role(request, pk):
    person = get_object_or_404(User, pk=pk)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role and whether to grant or revoke it.")
        return redirect("accounts:people")
    role = Role(form.cleaned_data["role"])
    change = services.grant_role if form.cleaned_data["action"] == "grant" else services.revoke_role
    with refusal_shown(request) as refused:
        changed = change(user=person, role=role, actor=request.user)
    if not refused:
        verb = "now holds" if form.cleaned_data["action"] == "grant" else "no longer holds"
        if changed:
            name = person.full_legal_name or person.email
            messages.success(request, f"{name} {verb} the {role.label.lower()} role.")
        else:
            messages.info(request, "Nothing to change: that was already the case.")
    return redirect("accounts:people")
