"""Program admins set a program's hands-on minimums, within sane bounds."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programs.models import HandsOnRequirements
from programs.tests.factories import ProgramFactory, program_with_hands_on

pytestmark = pytest.mark.django_db

GOOD = {
    "min_verified_sessions": 12,
    "min_total_hours": "14.5",
    "min_skin_types": 4,
    "min_treatment_goals": 3,
    "verification_window_days": 21,
}


def test_it_saves_the_minimums_and_audits_the_change(client, admin_user):
    program = program_with_hands_on()
    client.force_login(admin_user)

    response = client.post(reverse("programs:staff_requirements", args=[program.pk]), GOOD)

    assert response.url == reverse("programs:staff_program", args=[program.pk])
    requirements = HandsOnRequirements.objects.get(program=program)
    assert requirements.min_verified_sessions == 12
    assert requirements.min_total_hours == Decimal("14.5")
    assert requirements.verification_window_days == 21
    entry = AuditEntry.objects.get(action="hands_on_requirements.changed")
    assert entry.data["changed"]["min_verified_sessions"] == [3, 12]


def test_it_creates_the_minimums_of_a_program_that_had_none(client, admin_user):
    program = ProgramFactory()
    client.force_login(admin_user)

    client.post(reverse("programs:staff_requirements", args=[program.pk]), GOOD)

    assert HandsOnRequirements.objects.get(program=program).min_skin_types == 4


@pytest.mark.parametrize(
    "field, value",
    [
        ("min_verified_sessions", 0),
        ("min_verified_sessions", 10_000),
        ("min_total_hours", "0"),
        ("min_skin_types", 7),
        ("min_treatment_goals", 6),
        ("verification_window_days", 0),
        ("verification_window_days", 400),
    ],
)
def test_it_refuses_minimums_out_of_bounds(client, admin_user, field, value):
    program = program_with_hands_on()
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_requirements", args=[program.pk]), {**GOOD, field: value}
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert HandsOnRequirements.objects.get(program=program).min_verified_sessions == 3


def test_the_program_page_shows_the_minimums_form(client, admin_user):
    program = program_with_hands_on()
    client.force_login(admin_user)

    html = client.get(reverse("programs:staff_program", args=[program.pk])).content.decode()

    assert f'action="{reverse("programs:staff_requirements", args=[program.pk])}"' in html
    assert 'name="min_verified_sessions"' in html
