"""Program admins add, edit and delete a program's treatment areas; an area a logged session
names is never deleted."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programs.models import TreatmentArea
from programs.tests.factories import HandsOnSessionFactory, program_with_hands_on, trainee_in

pytestmark = pytest.mark.django_db


def test_it_adds_an_area_with_its_own_minimum(client, admin_user):
    program = program_with_hands_on()
    client.force_login(admin_user)
    url = reverse("programs:staff_area_new", args=[program.pk])
    assert client.get(url).context["form"].initial["position"] == 3

    client.post(url, {"name": "Crow's feet", "position": 3, "min_sessions_performed": 2})

    area = program.treatment_areas.get(name="Crow's feet")
    assert area.min_sessions_performed == 2
    assert AuditEntry.objects.filter(action="treatment_area.added").exists()


def test_it_refuses_a_second_area_of_the_same_name(client, admin_user):
    program = program_with_hands_on()
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_area_new", args=[program.pk]),
        {"name": "glabellar  LINES", "position": 3, "min_sessions_performed": 0},
    )

    assert "already has a treatment area named" in response.content.decode()
    assert program.treatment_areas.count() == 2


def test_it_refuses_a_minimum_out_of_bounds(client, admin_user):
    program = program_with_hands_on()
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_area_new", args=[program.pk]),
        {"name": "Chin", "position": 3, "min_sessions_performed": -1},
    )

    assert "min_sessions_performed" in response.context["form"].errors
    assert not program.treatment_areas.filter(name="Chin").exists()


def test_it_edits_an_area(client, admin_user):
    area = program_with_hands_on().treatment_areas.get(name="Forehead lines")
    client.force_login(admin_user)

    client.post(
        reverse("programs:staff_area_edit", args=[area.pk]),
        {"name": "Forehead lines", "position": 5, "min_sessions_performed": 1},
    )

    area.refresh_from_db()
    assert (area.position, area.min_sessions_performed) == (5, 1)
    entry = AuditEntry.objects.get(action="treatment_area.changed")
    assert set(entry.data["changed"]) == {"position", "min_sessions_performed"}


def test_it_deletes_an_unused_area(client, admin_user):
    area = program_with_hands_on().treatment_areas.get(name="Forehead lines")
    client.force_login(admin_user)

    client.post(reverse("programs:staff_area_delete", args=[area.pk]), {"confirmed": "1"})

    assert not TreatmentArea.objects.filter(pk=area.pk).exists()


def test_it_refuses_to_delete_an_area_a_session_records(client, admin_user):
    program = program_with_hands_on()
    area = program.treatment_areas.get(name="Forehead lines")
    HandsOnSessionFactory(enrollment=trainee_in(program), areas={area: 8})
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_area_delete", args=[area.pk]), {"confirmed": "1"}, follow=True
    )

    assert TreatmentArea.objects.filter(pk=area.pk).exists()
    assert "cannot be deleted: 1 logged session(s) record it" in response.content.decode()
