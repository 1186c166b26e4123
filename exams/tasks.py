"""Celery tasks of the exams app: thin, take ids, call services."""

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def submit_written_attempt_at_deadline(attempt_id: int) -> bool:
    """Queued at the start of an attempt with eta=deadline. Does nothing if the attempt was
    submitted already or its deadline moved later (extra time); that later deadline has its own
    task, and the sweep catches anything both miss."""
    from .services.written import submit_if_overdue

    return submit_if_overdue(attempt_id=attempt_id) is not None


@shared_task
def submit_overdue_written_attempts() -> int:
    """The periodic sweep (Celery beat): submit every open attempt past its deadline."""
    from .services.written import submit_overdue_attempts

    return submit_overdue_attempts()
