from celery import shared_task


# ignore_result: nobody reads it, and with Redis down storing it would be one more wait.
@shared_task(ignore_result=True)
def send_outgoing_email(email_id: int) -> bool:
    """Send one outbox row (accounts.outbox): claimed first, so at most once; an SMTP error
    leaves it for the sweep with backoff."""
    from .outbox import send_outgoing_email as send

    return send(email_id)


@shared_task(ignore_result=True)
def send_due_emails() -> int:
    """The periodic sweep (beat): sends what the after-commit task never got to (broker down at
    commit, a worker lost) and the retries whose backoff has passed."""
    from .outbox import due_email_ids, give_up_on_interrupted_sends
    from .outbox import send_outgoing_email as send

    give_up_on_interrupted_sends()
    return sum(send(email_id) for email_id in due_email_ids())


@shared_task(ignore_result=True)
def send_email(*, to: str, subject: str, body: str, attachments=()) -> None:
    """Kept for messages queued by the previous release during a deploy: into the outbox."""
    from .emails import queue_email

    queue_email(to=to, subject=subject, body=body, attachments=[tuple(a) for a in attachments])


@shared_task
def expire_licenses_and_send_reminders() -> dict:
    from .services import expire_and_remind

    return expire_and_remind()


@shared_task
def queue_licenses_for_reverification() -> int:
    from .discipline import queue_expiring_for_reverification

    return queue_expiring_for_reverification()


@shared_task
def remove_documents_of_inactive_applicants() -> dict:
    from .retention import apply_retention

    run = apply_retention()
    return {"applicants": run.applicants, "documents": run.documents}


@shared_task
def purge_orphan_documents() -> int:
    from .documents import purge_orphan_documents as purge

    return purge()
