"""Services run: a real Celery worker submits attempts whose time has run out, through the task
queued for the deadline and through the periodic sweep."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import ensure_reference_data
from exams.models import Attempt
from exams.services.written import start_attempt
from exams.tasks import submit_overdue_written_attempts, submit_written_attempt_at_deadline

from .factories import candidate_for, exam_with_bank

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def wait_until_submitted(attempt, seconds=30):
    limit = time.monotonic() + seconds
    while time.monotonic() < limit:
        attempt.refresh_from_db()
        if attempt.status == Attempt.Status.SUBMITTED:
            return attempt
        time.sleep(0.2)
    pytest.fail(f"attempt {attempt.pk} was not submitted within {seconds} s")


def test_the_worker_submits_at_the_deadline_and_in_the_sweep(celery_worker_process):
    # One test, not two: the worker caches content type ids, which a flush between tests renews.
    ensure_reference_data()
    exam = exam_with_bank(questions=2)
    by_task = start_attempt(exam=exam, candidate=candidate_for(exam))
    by_sweep = start_attempt(exam=exam, candidate=candidate_for(exam))
    deadline = timezone.now() + timedelta(seconds=2)
    Attempt.objects.filter(pk=by_task.pk).update(deadline=deadline)

    submit_written_attempt_at_deadline.apply_async(args=[by_task.pk], eta=deadline)

    attempt = wait_until_submitted(by_task)
    assert attempt.submission == Attempt.Submission.TIME_UP
    assert attempt.submitted_at >= deadline
    by_sweep.refresh_from_db()
    assert by_sweep.status == Attempt.Status.OPEN  # its deadline is 30 minutes away

    Attempt.objects.filter(pk=by_sweep.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    submit_overdue_written_attempts.delay()

    assert wait_until_submitted(by_sweep).submission == Attempt.Submission.TIME_UP
