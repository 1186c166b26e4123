from celery import shared_task


@shared_task
def ping() -> str:
    """Answers through the broker; proves a worker is consuming (used by tests and ops)."""
    return "pong"
