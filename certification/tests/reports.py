"""Helpers of the report tests (imported by the test_report_* files): certificates whose
history happened on given days, through the real services, with the clock set to each day."""

from datetime import UTC, date, datetime

import time_machine

from accounts.actors import SYSTEM
from accounts.models import MedicalLicense, ReviewStatus
from accounts.tests.factories import qualified_applicant
from certification import services

from .certificates import issued_certificate


def at(day: date, hour: int = 10):
    """The clock on `day` (10:00 UTC: the same date in the site's time zone)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), tick=False)


def certificate_issued_on(day: date, **fields):
    with at(day):
        holder = fields.pop("holder", None) or qualified_applicant()
        return issued_certificate(holder=holder, **fields)


def license_of(certificate) -> MedicalLicense:
    return MedicalLicense.objects.get(applicant=certificate.holder, status=ReviewStatus.VERIFIED)


def revoke_on(day: date, certificate, actor):
    with at(day):
        services.revoke_certificate(certificate=certificate, actor=actor, reason="Board order")


def renew_on(day: date, certificate):
    """The renewal's certificate issued on `day` (it supersedes `certificate`)."""
    with at(day):
        renewal = services._create_pending(
            applicant=certificate.holder,
            program=certificate.program,
            issued_on=day,
            actor=SYSTEM,
            renews=certificate,
        )
        services.render_and_issue(certificate_id=renewal.pk)
    renewal.refresh_from_db()
    return renewal
