"""The registry at any date: each certificate with the status it HAD on that day, derived from
the stored dates and the audit trail, matching what the public page said then."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts import discipline
from accounts.models import Jurisdiction
from accounts.tests.factories import MedicalLicenseFactory, jurisdiction
from certification import decisions
from certification.models import Certificate
from certification.reports.registry import RegistryFilters, registry, status_counts
from programs.tests.factories import ProgramFactory

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .reports import at, certificate_issued_on, license_of, renew_on, revoke_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]

JAN, MAR, MAY, JUL = date(2026, 1, 10), date(2026, 3, 1), date(2026, 5, 1), date(2026, 7, 1)


def status_on(day: date, certificate, **filters) -> str | None:
    rows = registry(RegistryFilters(as_of=day, **filters)).filter(pk=certificate.pk)
    found = rows.values_list("status_then", flat=True).first()
    return found


def test_a_certificate_revoked_after_a_date_shows_valid_on_that_date(admin_user):
    certificate = certificate_issued_on(JAN)
    revoke_on(MAR, certificate, admin_user)

    assert status_on(JAN - timedelta(days=1), certificate) is None  # not yet held
    assert status_on(JAN, certificate) == "valid"
    assert status_on(MAR - timedelta(days=1), certificate) == "valid"
    assert status_on(MAR, certificate) == "revoked"
    assert status_on(timezone.localdate(), certificate) == "revoked"


def test_a_reinstated_certificate_is_revoked_only_between_the_two_decisions(admin_user):
    certificate = certificate_issued_on(JAN)
    revoke_on(MAR, certificate, admin_user)
    with at(MAY):
        decisions.reinstate_certificate(certificate=certificate, actor=admin_user, reason="Error")

    assert [status_on(day, certificate) for day in (JAN, MAR, MAY, JUL)] == [
        "valid",
        "revoked",
        "valid",
        "valid",
    ]


def test_a_renewed_certificate_is_superseded_from_the_renewals_issue(admin_user):
    old = certificate_issued_on(JAN)
    new = renew_on(MAY, old)
    old.refresh_from_db()

    assert old.superseded_at.date() == MAY
    assert (status_on(MAR, old), status_on(MAR, new)) == ("valid", None)
    assert (status_on(MAY, old), status_on(MAY, new)) == ("superseded", "valid")


def test_a_certificate_past_its_expiry_date_shows_expired():
    certificate = certificate_issued_on(JAN, expires_on=MAR)

    assert status_on(MAR, certificate) == "valid"  # valid through its last day
    assert status_on(MAR + timedelta(days=1), certificate) == "expired"


def test_a_license_suspension_suspends_the_certificate_from_the_boards_action_date(admin_user):
    certificate = certificate_issued_on(JAN)
    license = license_of(certificate)
    with at(MAY):
        discipline.suspend_license(
            license=license,
            actor=admin_user,
            reason="Investigation",
            source="Board",
            action_date=MAR,
        )
    with at(JUL):
        discipline.lift_suspension(
            license=license, actor=admin_user, reason="Cleared", source="Board", action_date=JUL
        )

    assert [status_on(day, certificate) for day in (JAN, MAR, MAY, JUL)] == [
        "valid",
        "suspended",
        "suspended",
        "valid",
    ]


def test_no_license_in_date_on_the_day_suspends_the_certificate():
    certificate = certificate_issued_on(JAN)
    license = license_of(certificate)
    license.expires_on = MAR
    license.save(update_fields=["expires_on"])

    assert status_on(MAR, certificate) == "valid"
    assert status_on(MAY, certificate) == "suspended"


def test_today_the_registry_says_what_the_public_page_says(admin_user):
    today = timezone.localdate()
    valid = certificate_issued_on(JAN)
    revoked = certificate_issued_on(JAN)
    revoke_on(MAR, revoked, admin_user)
    suspended = certificate_issued_on(JAN)
    with at(MAR):
        discipline.suspend_license(
            license=license_of(suspended),
            actor=admin_user,
            reason="x",
            source="Board",
            action_date=MAR,
        )
    expired = certificate_issued_on(JAN, expires_on=MAR)
    renewed = certificate_issued_on(JAN)
    renew_on(MAY, renewed)

    for certificate in (valid, revoked, suspended, expired, renewed):
        certificate = Certificate.objects.prefetch_related("holder__medical_licenses").get(
            pk=certificate.pk
        )
        assert status_on(today, certificate) == certificate.public_status(today)


def test_it_filters_by_program_and_by_the_jurisdiction_holders_are_licensed_in():
    program = ProgramFactory()
    in_program = certificate_issued_on(JAN, program=program)
    elsewhere = certificate_issued_on(JAN)
    texas = jurisdiction("US-TX") if Jurisdiction.objects.filter(code="US-TX").exists() else None
    texas = texas or Jurisdiction.objects.exclude(code="US-CA").first()
    MedicalLicenseFactory(applicant=elsewhere.holder, jurisdiction=texas, verified=True)

    by_program = registry(RegistryFilters(as_of=MAR, program=program))
    assert list(by_program) == [in_program]
    by_jurisdiction = registry(RegistryFilters(as_of=MAR, jurisdiction=texas))
    assert list(by_jurisdiction) == [elsewhere]
    counts = status_counts(RegistryFilters(as_of=MAR))
    assert counts["valid"] == 2 and counts["revoked"] == 0
