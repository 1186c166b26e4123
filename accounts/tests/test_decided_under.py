"""A license decision keeps the rule version it was made under, whatever changes later."""

import pytest
from django.urls import reverse

from accounts.models import JurisdictionRule, LicenseType
from accounts.services import change_jurisdiction_rules

from .factories import MedicalLicenseFactory


def _new_version(jurisdiction, by):
    return change_jurisdiction_rules(
        jurisdiction=jurisdiction,
        rule=JurisdictionRule(
            accepted_license_types=[LicenseType.PHYSICIAN],
            rn_requires_supervising_physician=True,
            ce_hours_required=12,
            ce_window_months=24,
        ),
        certifications=[],
        actor=by,
    )


@pytest.mark.parametrize(
    "decision, data", [("verify", {}), ("reject", {"reason": "Blurry.", "confirmed": "1"})]
)
@pytest.mark.django_db
def test_it_keeps_the_rule_version_a_decision_was_made_under(
    client, applicant, admin_user, california, decision, data
):
    v1 = california.rules.get(version=1)
    decided = MedicalLicenseFactory(applicant=applicant, jurisdiction=california)
    later = MedicalLicenseFactory(applicant=applicant, jurisdiction=california)
    client.force_login(admin_user)

    client.post(reverse(f"accounts:{decision}", args=["license", decided.pk]), data)
    v2 = _new_version(california, admin_user)
    client.post(reverse(f"accounts:{decision}", args=["license", later.pk]), data)

    assert v2.version == 2
    decided.refresh_from_db()
    later.refresh_from_db()
    assert decided.decided_under == v1
    assert later.decided_under == v2
