"""Hostile values on the staff and instructor forms answer a form error, never a server error:
an instructor id past SQLite's 2^63 on the cohort form, a tampered INITIAL_FORMS on the roster."""

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Cohort, ModuleCompletion
from programs.tests.factories import ProgramFactory, program_with_modules, trainee_in

from .test_staff_cohorts import cohort_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [str(2**63), str(2**64), "²", "-1", "1\x00", "9" * 5000])
def test_the_cohort_form_refuses_an_instructor_id_out_of_range(client, admin_user, value):
    program = ProgramFactory()
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_cohort_new", args=[program.pk]), cohort_data(instructors=[value])
    )

    assert response.status_code == 200
    assert response.context["form"].errors["instructors"]
    assert not Cohort.objects.filter(program=program).exists()


@pytest.mark.parametrize(
    ("total", "initial"), [("1", "0"), ("1", "-5"), ("1", "x"), ("1", str(2**63)), ("3", "1")]
)
def test_a_tampered_roster_management_form_saves_nothing(client, instructor, total, initial):
    enrollment = trainee_in(program_with_modules(2))
    enrollment.cohort.instructors.set([instructor])
    module = enrollment.program.modules.first()
    client.force_login(instructor)

    response = client.post(
        reverse("programs:module_roster", args=[enrollment.cohort.pk, module.pk]),
        {"form-TOTAL_FORMS": total, "form-INITIAL_FORMS": initial},
    )

    assert response.status_code in {200, 400}
    assert not ModuleCompletion.objects.exists()


def test_an_untouched_extra_roster_row_saves_nothing(client, instructor):
    enrollment = trainee_in(program_with_modules(2))
    enrollment.cohort.instructors.set([instructor])
    module = enrollment.program.modules.first()
    client.force_login(instructor)

    response = client.post(
        reverse("programs:module_roster", args=[enrollment.cohort.pk, module.pk]),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-completed_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code in {200, 302}
