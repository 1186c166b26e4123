"""The services run: certificates issued by a real Celery worker through Redis, on PostgreSQL."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.tests.factories import qualified_applicant
from certification.models import Certificate
from certification.services import verify_url
from certification.tasks import render_certificate, sweep_pending_certificates

from .certificates import (
    candidate_at_last_step,
    pass_practical,
    pdf_text,
    pending_certificate,
    qr_codes,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WORKER_MAIL_DIR = Path(settings.BASE_DIR) / "var" / "test-worker-mail"  # root conftest


def _wait_until(condition, timeout=45, what="the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _issued(pk):
    certificate = Certificate.objects.get(pk=pk)
    return certificate if certificate.status == Certificate.Status.ISSUED else None


def _unique_email() -> str:
    # The worker's mail folder outlives a run: every run's addresses are new.
    return f"holder-{uuid.uuid4().hex[:12]}@example.test"


def _mails_to(address: str) -> int:
    if not WORKER_MAIL_DIR.exists():
        return 0
    return sum(
        path.read_text(errors="replace").count(f"To: {address}\n")
        for path in WORKER_MAIL_DIR.iterdir()
    )


def _files_of(certificate) -> list[Path]:
    storage = Certificate._meta.get_field("pdf").storage
    return sorted(Path(storage.path("certificates")).glob(f"{certificate.number}-*.pdf"))


@pytest.fixture
def cleanup_certificate_files():
    made = []
    yield made
    for certificate in made:
        for path in _files_of(certificate):
            path.unlink(missing_ok=True)


def test_completing_the_last_step_issues_a_pdf_with_the_name_number_and_qr_code(
    celery_worker_process, private_storage, cleanup_certificate_files
):
    applicant, exam, examiner = candidate_at_last_step(
        full_legal_name="Quinn Worker Adeyemi", email=_unique_email()
    )

    pass_practical(exam, examiner)  # commits: the render goes through Redis to the worker

    pending = Certificate.objects.get(holder=applicant)
    cleanup_certificate_files.append(pending)
    certificate = _wait_until(lambda: _issued(pending.pk), what="the certificate to be issued")
    content = certificate.pdf.read()
    text = pdf_text(content)
    assert "Quinn Worker Adeyemi" in text
    assert certificate.number in text
    assert qr_codes(content) == [verify_url(certificate)]
    assert verify_url(certificate).startswith(settings.SITE_URL + "/verify/")
    _wait_until(lambda: _mails_to(applicant.email), what="the e-mail")
    assert _mails_to(applicant.email) == 1


def test_two_deliveries_of_the_same_task_produce_one_certificate(
    celery_worker_process, private_storage, cleanup_certificate_files
):
    certificate = pending_certificate(holder=qualified_applicant(email=_unique_email()))
    cleanup_certificate_files.append(certificate)
    # Numbers repeat across test databases: count only the files this test makes.
    before = set(_files_of(certificate))

    # The worker runs two processes: both deliveries are taken at once.
    # (The task stores no result in production: this test asks for them to read both outcomes.)
    results = [
        render_certificate.apply_async([certificate.pk], ignore_result=False) for _ in range(2)
    ]
    outcomes = sorted(result.get(timeout=60) for result in results)

    assert outcomes == ["issued", "not pending or claimed by another worker"]
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.attempts == 1
    assert len(set(_files_of(certificate)) - before) == 1
    _wait_until(lambda: _mails_to(certificate.holder.email), what="the e-mail")
    time.sleep(1)  # a second e-mail, if there were one, would be on its way by now
    assert _mails_to(certificate.holder.email) == 1


def _database_url() -> str:
    d = connection.settings_dict
    password = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    return f"postgres://{d['USER']}{password}@{d['HOST']}:{d['PORT']}/{d['NAME']}"


COMPLETE_THE_LAST_STEP = """
import django; django.setup()
from exams.models import ExaminerAssignment
from exams.tests.practical.factories import submit
assignment = ExaminerAssignment.objects.select_related("sitting", "examiner").get(pk={pk})
submit(assignment.sitting, assignment.examiner, 4, 4, 4)
print("step completed")
"""


def test_a_certificate_created_while_the_broker_is_down_is_issued_by_the_sweep(
    celery_worker_process, private_storage, cleanup_certificate_files
):
    applicant, exam, examiner = candidate_at_last_step()
    assignment = exam.assignments.get()
    # The examiner's request runs in a web process whose broker is unreachable.
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        "DJANGO_PRIVATE_STORAGE_ROOT": str(private_storage),
    }
    web = subprocess.run(
        [sys.executable, "-c", COMPLETE_THE_LAST_STEP.format(pk=assignment.pk)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert web.returncode == 0, web.stderr  # the step completed despite the broker
    assert "step completed" in web.stdout
    certificate = Certificate.objects.get(holder=applicant)
    cleanup_certificate_files.append(certificate)
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.attempts == 0  # the render was never delivered

    assert sweep_pending_certificates.delay(grace_seconds=0).get(timeout=30) >= 1

    certificate.refresh_from_db()
    _wait_until(
        lambda: _issued(certificate.pk),
        what=f"the sweep to issue the certificate ({certificate.attempts} attempts, "
        f"{certificate.last_error or 'no error'})",
    )
