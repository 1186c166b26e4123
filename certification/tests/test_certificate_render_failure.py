"""A render that fails never breaks the step that earned the certificate: the error is kept,
the claim released, the task retried, and the sweep issues it once the cause is gone."""

from datetime import timedelta

import pytest

from certification import services
from certification.models import Certificate

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def test_the_step_completes_while_the_certificate_waits_and_the_sweep_issues_it(
    private_storage, mailoutbox, django_capture_on_commit_callbacks
):
    applicant, exam, examiner = candidate_at_last_step()
    # The storage is broken: a file stands where the certificates folder should be.
    (private_storage / "certificates").write_text("not a folder")

    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)  # does not raise

    certificate = Certificate.objects.get(holder=applicant)
    assert certificate.status == Certificate.Status.PENDING
    assert "FileExistsError" in certificate.last_error or "NotADirectory" in certificate.last_error
    assert (certificate.claim_token, certificate.claimed_at) == ("", None)  # claim released

    (private_storage / "certificates").unlink()
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.sweep_pending(grace=timedelta(0))

    assert queued == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.last_error == ""
    assert len([m for m in mailoutbox if "certificate" in m.subject]) == 1


def test_the_task_retries_errors_with_backoff():
    from certification.tasks import render_certificate

    assert render_certificate.autoretry_for == (Exception,)
    assert render_certificate.retry_backoff and render_certificate.max_retries >= 3
