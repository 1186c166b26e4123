"""Changing a jurisdiction's rules makes a new version; earlier versions never change."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, JurisdictionRule

from .factories import certification_type
from .helpers import messages_of


def _rule_data(**overrides):
    data = {
        "accepted_license_types": ["physician", "np"],
        "rn_requires_supervising_physician": "",
        "ce_hours_required": "12",
        "ce_window_months": "36",
        "required_certifications": [certification_type("ACLS").pk],
        "change_note": "Board update of March",
    }
    data.update(overrides)
    return data


def _snapshot(rule):
    rule.refresh_from_db()
    return (
        rule.version,
        rule.accepted_license_types,
        rule.rn_requires_supervising_physician,
        rule.ce_hours_required,
        rule.ce_window_months,
        sorted(c.code for c in rule.required_certifications.all()),
        rule.change_note,
    )


@pytest.mark.django_db
def test_it_saves_a_change_as_a_new_version_and_keeps_the_old_one(client, admin_user, california):
    v1 = california.rules.get()
    before = _snapshot(v1)
    client.force_login(admin_user)

    response = client.post(
        reverse("accounts:jurisdiction_rules", args=[california.pk]), _rule_data()
    )

    assert response.status_code == 302
    assert messages_of(response) == ["Saved as version 2. Earlier decisions keep their version."]
    v2 = california.rules.get(version=2)
    assert v2.accepted_license_types == ["physician", "np"]
    assert v2.rn_requires_supervising_physician is False
    assert v2.ce_hours_required == Decimal("12")
    assert v2.ce_window_months == 36
    assert [c.code for c in v2.required_certifications.all()] == ["ACLS"]
    assert v2.created_by == admin_user
    assert (
        _snapshot(v1)
        == before
        == (
            1,
            ["physician", "np", "pa", "rn"],
            True,
            Decimal("8"),
            24,
            ["BLS"],
            "Initial rules",
        )
    )
    entry = AuditEntry.objects.get(action="jurisdiction.rules_changed")
    assert (entry.actor, entry.target_id, entry.from_state, entry.to_state, entry.reason) == (
        admin_user,
        str(california.pk),
        "v1",
        "v2",
        "Board update of March",
    )


@pytest.mark.django_db
def test_it_starts_the_form_from_the_version_in_force(client, admin_user, california):
    client.force_login(admin_user)

    response = client.get(reverse("accounts:jurisdiction_rules", args=[california.pk]))

    form = response.context["form"]
    assert form["ce_hours_required"].value() == Decimal("8")
    assert form["ce_window_months"].value() == 24
    assert [c.code for c in form["required_certifications"].initial] == ["BLS"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("ce_hours_required", "-1"),
        ("ce_hours_required", "501"),
        ("ce_window_months", "0"),
        ("ce_window_months", "121"),
        ("accepted_license_types", []),
    ],
)
@pytest.mark.django_db
def test_it_refuses_invalid_rule_values(client, admin_user, california, field, value):
    client.force_login(admin_user)

    response = client.post(
        reverse("accounts:jurisdiction_rules", args=[california.pk]), _rule_data(**{field: value})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert list(california.rules.values_list("version", flat=True)) == [1]
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_it_forbids_rule_changes_to_non_admins(client, applicant, california):
    client.force_login(applicant)

    response = client.post(
        reverse("accounts:jurisdiction_rules", args=[california.pk]), _rule_data()
    )

    assert response.status_code == 403
    assert JurisdictionRule.objects.filter(jurisdiction=california).count() == 1
