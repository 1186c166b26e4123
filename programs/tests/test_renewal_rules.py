"""Each program sets its renewal rules on the program form; an edit is audited, nonsense refused."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programs.tests.factories import ProgramFactory

from .test_staff_programs import program_data

pytestmark = pytest.mark.django_db


def _edit(client, program, **changes):
    data = program_data(
        name=program.name,
        accreditation_number=program.accreditation_number,
        provider=program.provider,
        accredited_from=program.accredited_from.isoformat(),
        accredited_until=program.accredited_until.isoformat(),
        **changes,
    )
    return client.post(reverse("programs:staff_program_edit", args=[program.pk]), data)


def test_it_sets_the_renewal_rules(client, admin_user):
    program = ProgramFactory()
    client.force_login(admin_user)

    response = _edit(
        client,
        program,
        renewal_ce_hours_required="12.5",
        renewal_ce_categories=["neuromodulators", "safety"],
        renewal_min_practice_entries="20",
        renewal_opens_days_before="120",
        renewal_closes_days_after="0",
        renewal_audit_percent="25",
    )

    assert response.status_code == 302
    program.refresh_from_db()
    assert str(program.renewal_ce_hours_required) == "12.5"
    assert program.renewal_ce_categories == ["neuromodulators", "safety"]
    assert (
        program.renewal_min_practice_entries,
        program.renewal_opens_days_before,
        program.renewal_closes_days_after,
        program.renewal_audit_percent,
    ) == (20, 120, 0, 25)
    changed = AuditEntry.objects.get(action="program.changed").data["changed"]
    assert "renewal_audit_percent" in changed and "renewal_ce_categories" in changed


@pytest.mark.parametrize(
    "field, value",
    [
        ("renewal_audit_percent", "101"),
        ("renewal_ce_hours_required", "-1"),
        ("renewal_ce_categories", ["astrology"]),
        ("renewal_opens_days_before", "0"),
    ],
)
def test_it_refuses_rules_out_of_range(client, admin_user, field, value):
    program = ProgramFactory()
    client.force_login(admin_user)

    response = _edit(client, program, **{field: value})

    assert response.status_code == 200 and field in response.context["form"].errors
    program.refresh_from_db()
    assert program.renewal_audit_percent == 0
