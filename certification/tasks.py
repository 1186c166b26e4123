from celery import shared_task


@shared_task
def ping() -> str:
    """Answers through the broker; proves a worker is consuming (used by tests and ops)."""
    return "pong"


# ignore_result: the certificate's row says how it went (status, attempts, last_error); a stored
# result per certificate was a Redis write nobody read, in every cohort-end burst.
@shared_task(
    bind=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def render_certificate(self, certificate_id: int) -> str:
    """Render and issue a pending certificate. Idempotent: the claim in the service lets one
    delivery through; after the retries, the sweep re-queues it."""
    from .services import render_and_issue

    return render_and_issue(certificate_id=certificate_id)


@shared_task
def sweep_pending_certificates(grace_seconds: int | None = None) -> int:
    from datetime import timedelta

    from .services import SWEEP_GRACE, sweep_pending

    grace = SWEEP_GRACE if grace_seconds is None else timedelta(seconds=grace_seconds)
    return sweep_pending(grace=grace)


@shared_task
def send_certificate_expiry_reminders() -> int:
    from .services import remind_expiring

    return remind_expiring()


@shared_task
def refresh_pathway_steps() -> int:
    """Nightly: where every trainee stands, catching steps lost since (an expired license or
    certificate) that no step-completed call announces."""
    from .pipeline import refresh_all_pathway_steps

    return refresh_all_pathway_steps()


# The report exports' tasks live beside the reports; imported so the worker registers them.
from .reports.tasks import (  # noqa: E402, F401
    delete_old_report_exports,
    run_report_export,
    sweep_stalled_report_exports,
)
