"""Whether an applicant qualifies, point by point, under their jurisdiction's rules in force."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import JurisdictionRule, LicenseType, ReviewStatus
from accounts.selectors import qualification_status
from accounts.services import change_jurisdiction_rules

from .factories import (
    ApplicantProfileFactory,
    MedicalLicenseFactory,
    SupportingCredentialFactory,
    jurisdiction,
    today,
)

QUALIFIED = [
    "profile complete",
    "license verified (Physician (MD/DO), California)",
    "CE 8 of 8 hours (last 24 months)",
    "BLS verified",
]


@pytest.fixture
def qualified(applicant):
    """Everything California's v1 rule asks for, verified."""
    ApplicantProfileFactory(user=applicant)
    license = MedicalLicenseFactory(applicant=applicant, verified=True)
    ce = SupportingCredentialFactory(applicant=applicant, verified=True, credit_hours=8)
    bls = SupportingCredentialFactory(applicant=applicant, verified=True, bls=True)
    return {"license": license, "ce": ce, "bls": bls}


def _change_rules(code, admin_user, **values):
    rule = {
        "accepted_license_types": list(LicenseType.values),
        "rn_requires_supervising_physician": True,
        "ce_hours_required": 8,
        "ce_window_months": 24,
        **values,
    }
    certifications = rule.pop("certifications", [])
    change_jurisdiction_rules(
        jurisdiction=jurisdiction(code),
        rule=JurisdictionRule(**rule),
        certifications=certifications,
        actor=admin_user,
    )


@pytest.mark.django_db
def test_it_qualifies_with_every_point_met(applicant, qualified):
    status = qualification_status(applicant)

    assert status.eligible
    assert [point.text for point in status.points] == QUALIFIED
    assert status.summary() == ", ".join(QUALIFIED)
    assert status.license == qualified["license"]


@pytest.mark.django_db
def test_it_shows_the_points_on_the_qualifications_page(client, applicant, qualified):
    client.force_login(applicant)

    response = client.get(reverse("accounts:qualifications"))

    assert response.context["status"].eligible
    assert "CE 8 of 8 hours (last 24 months)" in response.content.decode()


@pytest.mark.django_db
def test_it_needs_a_profile(applicant, qualified):
    applicant.profile.delete()
    applicant.refresh_from_db()

    status = qualification_status(applicant)

    assert not status.eligible
    assert "profile missing" in [point.text for point in status.points]


@pytest.mark.django_db
def test_it_counts_ce_hours_short_of_the_requirement(applicant, qualified):
    qualified["ce"].credit_hours = Decimal("6")
    qualified["ce"].save()

    status = qualification_status(applicant)

    assert not status.eligible
    assert "CE 6 of 8 hours (last 24 months)" in [point.text for point in status.points]


@pytest.mark.django_db
def test_it_adds_up_ce_hours_of_several_certificates(applicant, qualified):
    qualified["ce"].credit_hours = Decimal("5.5")
    qualified["ce"].save()
    SupportingCredentialFactory(applicant=applicant, verified=True, credit_hours=Decimal("2.5"))

    status = qualification_status(applicant)

    assert status.eligible
    assert "CE 8 of 8 hours (last 24 months)" in [point.text for point in status.points]


@pytest.mark.django_db
def test_it_does_not_count_ce_completed_before_the_window(applicant, qualified):
    qualified["ce"].credit_hours = Decimal("6")
    qualified["ce"].save()
    SupportingCredentialFactory(
        applicant=applicant,
        verified=True,
        credit_hours=Decimal("4"),
        completed_on=today() - timedelta(days=365 * 2 + 10),
    )

    status = qualification_status(applicant)

    assert not status.eligible
    assert "CE 6 of 8 hours (last 24 months)" in [point.text for point in status.points]


@pytest.mark.django_db
def test_it_does_not_count_ce_waiting_for_review(applicant, qualified):
    qualified["ce"].status = ReviewStatus.SUBMITTED
    qualified["ce"].save()

    status = qualification_status(applicant)

    assert not status.eligible
    [ce] = [point for point in status.points if point.text.startswith("CE")]
    assert ce.text == "CE 0 of 8 hours (last 24 months)"
    assert ce.pending


@pytest.mark.django_db
def test_it_says_a_required_certification_is_missing(applicant, qualified):
    qualified["bls"].delete()

    status = qualification_status(applicant)

    assert not status.eligible
    assert status.points[-1].text == "BLS missing"


@pytest.mark.django_db
def test_it_says_a_required_certification_is_under_review(applicant, qualified):
    qualified["bls"].status = ReviewStatus.UNDER_REVIEW
    qualified["bls"].save()

    status = qualification_status(applicant)

    assert not status.eligible
    assert status.points[-1].text == "BLS under review"
    assert status.points[-1].pending


@pytest.mark.django_db
def test_it_does_not_accept_an_expired_certification(applicant, qualified):
    expiry = qualified["bls"].expires_on

    status = qualification_status(applicant, today=expiry + timedelta(days=1))

    assert not status.eligible
    assert status.points[-1].text == "BLS expired"
    assert qualification_status(applicant, today=expiry).eligible


@pytest.mark.django_db
def test_it_needs_the_license_verified(applicant, qualified):
    qualified["license"].status = ReviewStatus.SUBMITTED
    qualified["license"].save()

    status = qualification_status(applicant)

    assert not status.eligible
    texts = [point.text for point in status.points]
    assert "license under review" in texts
    assert not any(text.startswith("license verified") for text in texts)


@pytest.mark.django_db
def test_it_needs_the_license_unexpired(applicant, qualified):
    expiry = qualified["license"].expires_on

    assert qualification_status(applicant, today=expiry).eligible
    assert not qualification_status(applicant, today=expiry + timedelta(days=1)).eligible


@pytest.mark.django_db
def test_it_says_a_rejected_license_needs_correcting(applicant, qualified):
    qualified["license"].status = ReviewStatus.REJECTED
    qualified["license"].save()

    status = qualification_status(applicant)

    assert not status.eligible
    assert "license rejected: correct and resubmit it" in [point.text for point in status.points]


@pytest.mark.django_db
def test_it_refuses_a_license_type_the_rule_does_not_accept(applicant, admin_user, qualified):
    _change_rules("US-CA", admin_user, accepted_license_types=[LicenseType.NURSE_PRACTITIONER])

    status = qualification_status(applicant)

    assert not status.eligible
    assert "Physician (MD/DO) licenses do not qualify in California" in [
        point.text for point in status.points
    ]


@pytest.mark.django_db
def test_it_refuses_an_rn_without_supervising_physician_where_required(applicant, qualified):
    qualified["license"].license_type = LicenseType.REGISTERED_NURSE
    qualified["license"].supervising_physician = ""
    qualified["license"].save()

    status = qualification_status(applicant)

    assert not status.eligible
    assert "a supervising physician must be named for an RN in California" in [
        point.text for point in status.points
    ]

    qualified["license"].supervising_physician = "Dr. Paula Mendez"
    qualified["license"].save()
    assert qualification_status(applicant).eligible


@pytest.mark.django_db
def test_it_judges_by_the_rule_version_in_force(applicant, admin_user, qualified):
    _change_rules("US-CA", admin_user, ce_hours_required=10, ce_window_months=12)

    status = qualification_status(applicant)

    assert not status.eligible
    assert "CE 8 of 10 hours (last 12 months)" in [point.text for point in status.points]
    assert status.rule.version == 2


@pytest.mark.django_db
def test_it_qualifies_through_any_license_that_meets_its_rules(applicant, admin_user, qualified):
    # Britain asks for nothing more than a license; the California license is an NP one,
    # which California no longer accepts, but CE and BLS are complete there.
    _change_rules("GB", admin_user, ce_hours_required=0)
    _change_rules("US-CA", admin_user, accepted_license_types=[LicenseType.PHYSICIAN])
    qualified["license"].license_type = LicenseType.NURSE_PRACTITIONER
    qualified["license"].save()
    MedicalLicenseFactory(
        applicant=applicant, verified=True, jurisdiction=jurisdiction("GB"), number="GB1"
    )

    status = qualification_status(applicant)

    assert status.eligible
    assert status.license.jurisdiction.code == "GB"
