from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@shared_task
def expire_licenses_and_send_reminders() -> dict:
    from .services import expire_and_remind

    return expire_and_remind()


@shared_task
def purge_orphan_documents() -> int:
    from .documents import purge_orphan_documents as purge

    return purge()
