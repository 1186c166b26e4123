"""The e-mail outbox: every outgoing message is a row first, sent by a worker after commit.

Why a table: a message queued straight to Celery at commit was lost whenever the broker was down
(the request had committed, the publish failed). A row written in the caller's transaction
survives that; the task sends it after commit and the periodic sweep sends what the broker never
carried. Each row is claimed with a conditional update before it is sent, so two workers (the
after-commit task and the sweep) never both send it: a message is sent at most once.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

log = logging.getLogger(__name__)

# SMTP refusals and network errors are retried with backoff; after this many tries the row stays
# as `failed` for a person to look at (the admin lists it), never silently dropped.
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)
# A row claimed longer ago than this was being sent by a worker that died. It may or may not
# have gone out: it is marked failed, not sent again (at most once), and shows in the admin.
STALE_CLAIM = timedelta(minutes=15)


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "waiting to be sent"
        SENDING = "sending", "being sent"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    to = models.EmailField(max_length=254)
    subject = models.TextField()
    body = models.TextField()
    # [[filename, text, mimetype], ...]: small text attachments (calendar entries, CSV).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        app_label = "accounts"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.get_status_display()})"


def _claim(email_id: int, now) -> bool:
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
    ).update(status=OutgoingEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def send_outgoing_email(email_id: int) -> bool:
    """Send one row if it is due and nobody else has claimed it; True if this call sent it."""
    now = timezone.now()
    if not _claim(email_id, now):
        return False  # sent, failed, not due yet, or another worker has it
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    for filename, text, mimetype in email.attachments:
        message.attach(filename, text, mimetype)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        _after_failure(email, error)
        return False
    OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.SENDING).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def _after_failure(email: OutgoingEmail, error: Exception) -> None:
    reason = f"{error.__class__.__name__}: {error}"[:1000]
    if email.attempts >= MAX_ATTEMPTS:
        log.error("E-mail %s failed %s times; kept as failed: %s", email.pk, email.attempts, reason)
        status, retry_at = OutgoingEmail.Status.FAILED, email.next_attempt_at
    else:
        status = OutgoingEmail.Status.PENDING
        retry_at = timezone.now() + FIRST_RETRY * 2 ** (email.attempts - 1)
        log.warning(
            "E-mail %s not sent (try %s), retry at %s: %s",
            email.pk,
            email.attempts,
            retry_at,
            reason,
        )
    OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.SENDING).update(
        status=status, next_attempt_at=retry_at, last_error=reason
    )


def due_email_ids(limit: int = 500) -> list[int]:
    return list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def give_up_on_interrupted_sends() -> int:
    """Rows a dead worker left `sending`: failed, with the reason (see STALE_CLAIM)."""
    return OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.SENDING), claimed_at__lt=timezone.now() - STALE_CLAIM
    ).update(
        status=OutgoingEmail.Status.FAILED,
        last_error="The worker stopped while sending; not sent again, to avoid a duplicate.",
    )
