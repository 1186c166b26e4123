"""A person's file: one page per person for program admins."""

from django.shortcuts import render

from accounts.access import role_required
from accounts.roles import Role

from .person_file import person_file, person_for_admin


@role_required(Role.PROGRAM_ADMIN)
def person_file_view(request, pk: int):
    person = person_for_admin(pk)
    return render(request, "certification/person_file.html", {"file": person_file(person)})
