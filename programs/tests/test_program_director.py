"""Each program names the director who signs its certificates: set on the program form,
audited like every other change of the program."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programs.models import TrainingProgram
from programs.tests.factories import ProgramFactory

from .test_staff_programs import NEW, program_data

pytestmark = pytest.mark.django_db


def test_it_creates_a_program_with_its_director(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        NEW, program_data(director_name="Dr. Ada Stone", director_title="Medical Director")
    )

    assert response.status_code == 302
    program = TrainingProgram.objects.get(accreditation_number="CAE-9001")
    assert (program.director_name, program.director_title) == ("Dr. Ada Stone", "Medical Director")


def test_it_changes_the_director_and_audits_it(client, admin_user):
    program = ProgramFactory(director_name="Dr. Old", director_title="Director")
    client.force_login(admin_user)
    url = reverse("programs:staff_program_edit", args=[program.pk])
    form = client.get(url).context["form"]
    assert "director_name" in form.fields and "director_title" in form.fields
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    data.update(director_name="Dr. New", director_title="Program Director")
    data.pop("approves_enrollment_automatically", None)
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}

    response = client.post(url, data)

    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.director_name, program.director_title) == ("Dr. New", "Program Director")
    entry = AuditEntry.objects.get(action="program.changed")
    assert entry.data["changed"]["director_name"] == ["Dr. Old", "Dr. New"]
