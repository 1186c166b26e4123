"""The program and cohort staff pages are for program admins only: others get 403, anonymous
visitors are sent to sign in, unknown ids are 404."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from programs.models import Enrollment, TheoryModule, TreatmentArea
from programs.tests.factories import CohortFactory, EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    cohort = CohortFactory()
    program = cohort.program
    module = TheoryModule.objects.create(program=program, title="Anatomy", topic="facial_anatomy")
    area = TreatmentArea.objects.create(program=program, name="Glabellar lines")
    enrollment = EnrollmentFactory(cohort=cohort, status=Enrollment.Status.APPLIED)
    return {"program": program, "cohort": cohort, "module": module, "area": area, "e": enrollment}


PAGES = [
    ("staff_programs", None),
    ("staff_program_new", None),
    ("staff_program", "program"),
    ("staff_program_edit", "program"),
    ("staff_requirements", "program"),
    ("staff_module_new", "program"),
    ("staff_module_edit", "module"),
    ("staff_area_new", "program"),
    ("staff_area_edit", "area"),
    ("staff_cohort_new", "program"),
    ("staff_cohort", "cohort"),
    ("staff_cohort_edit", "cohort"),
]
BUTTONS = [
    ("staff_module_delete", "module"),
    ("staff_area_delete", "area"),
    ("staff_enrollment_approve", "e"),
    ("staff_enrollment_withdraw", "e"),
    ("staff_enrollment_complete", "e"),
]


def _url(name, key, objects, pk=None):
    if key is None:
        return reverse(f"programs:{name}")
    return reverse(f"programs:{name}", args=[pk or objects[key].pk])


@pytest.mark.parametrize("name, key", PAGES)
def test_it_shows_every_page_to_a_program_admin(client, admin_user, objects, name, key):
    client.force_login(admin_user)

    assert client.get(_url(name, key, objects)).status_code == 200


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.INSTRUCTOR, Role.EXAMINER])
@pytest.mark.parametrize("name, key", PAGES + BUTTONS)
def test_it_refuses_other_roles(client, user_for_role, objects, role, name, key):
    client.force_login(user_for_role[role])

    assert client.get(_url(name, key, objects)).status_code in (403, 405)
    assert client.post(_url(name, key, objects), {"reason": "x"}).status_code == 403
    assert objects["e"].__class__.objects.get(pk=objects["e"].pk).status == "applied"
    assert TheoryModule.objects.filter(pk=objects["module"].pk).exists()


@pytest.mark.parametrize("name, key", PAGES + BUTTONS)
def test_it_sends_anonymous_visitors_to_sign_in(client, objects, name, key):
    response = client.post(_url(name, key, objects))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name, key", [(n, k) for n, k in PAGES + BUTTONS if k])
def test_it_answers_404_for_unknown_ids(client, admin_user, objects, name, key):
    client.force_login(admin_user)

    response = client.post(_url(name, key, objects, pk=999_999), {"reason": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize("name, key", BUTTONS)
def test_buttons_reject_get(client, admin_user, objects, name, key):
    client.force_login(admin_user)

    assert client.get(_url(name, key, objects)).status_code == 405


def test_it_lists_programs_in_the_program_admin_navigation(client, admin_user):
    client.force_login(admin_user)
    ProgramFactory()

    html = client.get(reverse("certification:staff_home")).content.decode()

    assert f'href="{reverse("programs:staff_programs")}"' in html
