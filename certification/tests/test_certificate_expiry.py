"""A certificate is valid for the program's months (24 by default), then expired; while the
holder's license is not current it is suspended, and valid again once a license is."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ReviewStatus
from accounts.tests.factories import MedicalLicenseFactory
from certification.models import Certificate, CertificatePolicy

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
    pass_practical,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
Public = Certificate.PublicStatus


def test_it_expires_after_the_settings_validity(settings, django_capture_on_commit_callbacks):
    settings.CERTIFICATE_VALIDITY_MONTHS = 24
    applicant, exam, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)
    certificate = Certificate.objects.get(holder=applicant)

    today = timezone.localdate()
    assert certificate.issued_on == today
    assert certificate.expires_on == today.replace(year=today.year + 2)
    assert certificate.public_status(today) == Public.VALID
    assert certificate.public_status(certificate.expires_on + timedelta(days=1)) == Public.EXPIRED


def test_a_program_policy_sets_its_own_validity(django_capture_on_commit_callbacks):
    applicant, exam, examiner = candidate_at_last_step()
    CertificatePolicy.objects.create(program=exam.program, validity_months=12, number_prefix="BTA")
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)
    certificate = Certificate.objects.get(holder=applicant)

    today = timezone.localdate()
    assert certificate.expires_on == today.replace(year=today.year + 1)
    assert certificate.number.startswith("BTA-")


def test_it_is_suspended_while_the_license_is_expired_and_valid_once_renewed():
    certificate = issued_certificate()
    holder = certificate.holder
    holder.medical_licenses.update(status=ReviewStatus.EXPIRED)
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.public_status() == Public.SUSPENDED

    MedicalLicenseFactory(applicant=holder, verified=True)
    certificate = Certificate.objects.get(pk=certificate.pk)

    assert certificate.public_status() == Public.VALID


def test_revoked_outranks_expired_and_expired_outranks_suspended():
    certificate = issued_certificate()
    certificate.holder.medical_licenses.update(status=ReviewStatus.EXPIRED)
    later = certificate.expires_on + timedelta(days=1)
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.public_status(later) == Public.EXPIRED

    certificate.status = Certificate.Status.REVOKED
    assert certificate.public_status(later) == Public.REVOKED
