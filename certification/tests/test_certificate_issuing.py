"""Completing the last step creates the pending certificate in the same transaction; the
render queued on commit issues it: stored PDF, its SHA-256, one e-mail, audited."""

import hashlib

import pytest

from accounts.models import AuditEntry
from accounts.services import verify_submission
from accounts.tests.factories import MedicalLicenseFactory
from certification.models import Certificate
from certification.pathway import requirements_met
from exams.models import Attempt, PracticalSitting

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def test_it_issues_the_certificate_when_the_last_step_completes(
    mailoutbox, django_capture_on_commit_callbacks
):
    applicant, exam, examiner = candidate_at_last_step(full_legal_name="Dana Applicant Smith")
    assert not requirements_met(applicant, exam.program)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pass_practical(exam, examiner)
        # Same transaction: the row exists before anything ran on commit.
        pending = Certificate.objects.get(holder=applicant, program=exam.program)
        assert pending.status == Certificate.Status.PENDING
    assert callbacks  # the render was queued on commit, not before

    certificate = Certificate.objects.get(pk=pending.pk)
    assert certificate.status == Certificate.Status.ISSUED
    content = certificate.pdf.read()
    assert content.startswith(b"%PDF-")
    assert certificate.sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.snapshot["holder_name"] == "Dana Applicant Smith"
    assert certificate.number.startswith(f"BTX-{certificate.issued_on.year}-")
    assert len(certificate.verification_code) >= 32
    assert [m.to for m in mailoutbox if "certificate" in m.subject] == [[applicant.email]]
    actions = set(
        AuditEntry.objects.filter(target_id=str(certificate.pk)).values_list("action", flat=True)
    )
    assert {"certificate.created", "certificate.issued"} <= actions


def test_it_creates_nothing_while_a_step_is_missing(django_capture_on_commit_callbacks):
    applicant, exam, examiner = candidate_at_last_step()
    Attempt.objects.filter(candidate=applicant).delete()  # the written exam is not passed

    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)

    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.PASSED
    assert not Certificate.objects.exists()


def test_a_later_step_event_does_not_issue_a_second_certificate(django_capture_on_commit_callbacks):
    applicant, exam, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)
    replacement = MedicalLicenseFactory(applicant=applicant)

    # A verified license announces step 1 for every program the applicant is in.
    with django_capture_on_commit_callbacks(execute=True):
        verify_submission(item=replacement, actor=_admin())

    assert Certificate.objects.filter(holder=applicant).count() == 1


def test_a_license_verified_last_issues_it_for_the_program_the_applicant_is_in(
    django_capture_on_commit_callbacks,
):
    applicant, exam, examiner = candidate_at_last_step()
    # The exams were passed while the license was, meanwhile, only submitted (a renewal).
    lic = applicant.medical_licenses.get()
    type(lic).objects.filter(pk=lic.pk).update(status="expired")
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)
    assert not Certificate.objects.exists()
    renewed = MedicalLicenseFactory(applicant=applicant)

    with django_capture_on_commit_callbacks(execute=True):
        verify_submission(item=renewed, actor=_admin())

    certificate = Certificate.objects.get(holder=applicant)
    assert certificate.program == exam.program
    assert certificate.status == Certificate.Status.ISSUED


def _admin():
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    return UserFactory(roles=[Role.PROGRAM_ADMIN])
