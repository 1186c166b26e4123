from celery import shared_task


@shared_task
def deliver_webhook(delivery_id: int) -> str:
    """Send one webhook delivery if it is due. A failure is not retried here: the delivery's
    `next_attempt_at` holds the backoff and the beat sweep sends it again then (so a retry
    survives a worker restart, and an eager run never loops)."""
    from .webhooks import deliver

    return deliver(delivery_id=delivery_id)


@shared_task
def send_due_webhooks() -> int:
    from .webhooks import send_due

    return send_due()


@shared_task
def purge_partner_logs() -> dict:
    from dataclasses import asdict

    from .retention import purge_partner_logs as purge

    return asdict(purge())
