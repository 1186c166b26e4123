"""Factories and fixtures of the certificate tests (imported by the test_certificate_* files).

`candidate_at_last_step()` gives an applicant with steps 1-3 and the written exam done and a
practical sitting waiting for its examiner: `pass_practical()` then completes the pathway
through the real practical-exam service, which announces the step to the certificate layer.
"""

import io
from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import Role
from accounts.tests.factories import UserFactory, qualified_applicant
from certification import services
from certification.models import Certificate
from exams.models import Attempt, WrittenExam
from exams.tests.practical.factories import rubric, sitting, submit
from programs.tests.factories import ProgramFactory, trainee_with_hands_on_complete


@pytest.fixture
def certificate_storage(private_storage, monkeypatch):
    """Certificates (and the qualified applicants' scans) go to a temporary folder."""
    monkeypatch.setattr(Certificate._meta.get_field("pdf"), "storage", storages["private"])
    return private_storage


def pass_written(applicant, program) -> Attempt:
    """A submitted, passed written attempt (the written exam's own tests cover how)."""
    exam = WrittenExam.objects.filter(program=program, is_active=True).first()
    if exam is None:
        exam = WrittenExam.objects.create(program=program, title="Written certification exam")
    now = timezone.now()
    return Attempt.objects.create(
        exam=exam,
        candidate=applicant,
        number=1,
        status=Attempt.Status.SUBMITTED,
        started_at=now - timedelta(hours=1),
        deadline=now,
        submitted_at=now - timedelta(minutes=5),
        score_points=9,
        max_points=10,
        score_percent=90,
        passed=True,
    )


def candidate_at_last_step(program=None, **user_fields):
    """(applicant, sitting, examiner): everything done but the practical exam's score."""
    enrollment = trainee_with_hands_on_complete(program, **user_fields)
    applicant, program = enrollment.applicant, enrollment.program
    pass_written(applicant, program)
    examiner = UserFactory(roles=[Role.EXAMINER])
    exam = sitting(rubric_=rubric(program), candidate=applicant, examiners=[examiner])
    return applicant, exam, examiner


def pass_practical(exam, examiner):
    """The examiner submits a passing score: the sitting passes, the last step completes."""
    return submit(exam, examiner, 4, 4, 4)


def issued_certificate(holder=None, program=None, **fields) -> Certificate:
    """An issued certificate of a qualified holder, rendered for real (no pathway needed)."""
    holder = holder or qualified_applicant()
    program = program or ProgramFactory()
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        holder=holder,
        program=program,
        snapshot=services._snapshot(holder, program),
        issued_on=fields.pop("issued_on", today),
        expires_on=fields.pop("expires_on", today + timedelta(days=730)),
        **fields,
    )
    certificate.number = f"BTX-{certificate.issued_on.year}-{certificate.pk:06d}"
    certificate.save(update_fields=["number"])
    services.render_and_issue(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def qr_codes(content: bytes) -> list[str]:
    import zxingcpp

    texts = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for image in page.images:
            texts += [code.text for code in zxingcpp.read_barcodes(image.image)]
    return texts


def pending_certificate(holder=None, program=None) -> Certificate:
    """A pending certificate whose render was never queued (as after a lost message)."""
    holder = holder or qualified_applicant()
    program = program or ProgramFactory()
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        holder=holder,
        program=program,
        snapshot=services._snapshot(holder, program),
        issued_on=today,
        expires_on=today + timedelta(days=730),
    )
    certificate.number = f"BTX-{today.year}-{certificate.pk:06d}"
    certificate.save(update_fields=["number"])
    return certificate
