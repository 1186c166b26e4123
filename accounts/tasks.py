from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to: str, subject: str, body: str, attachments=()) -> None:
    """`attachments`: (filename, text, mimetype) triples, as lists once through the broker."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    message.send()


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
