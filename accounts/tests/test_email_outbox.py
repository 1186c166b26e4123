"""The e-mail outbox: a row in the caller's transaction, sent after commit at most once, retried
with backoff on SMTP errors, and swept when the broker was down at commit."""

import itertools
import smtplib
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import outbox
from accounts.emails import queue_email
from accounts.outbox import OutgoingEmail
from accounts.tasks import send_due_emails, send_outgoing_email

from .factories import MedicalLicenseFactory

pytestmark = pytest.mark.django_db
Status = OutgoingEmail.Status


def test_it_sends_the_row_after_commit_with_its_attachment(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(
            to="dana@example.test",
            subject="Your invitation",
            body="Hello",
            attachments=[("session.ics", "BEGIN:VCALENDAR", "text/calendar")],
        )

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)
    assert email.sent_at is not None
    [mail] = mailoutbox
    assert (mail.to, mail.subject, mail.body) == (["dana@example.test"], "Your invitation", "Hello")
    assert mail.attachments[0][:2] == ("session.ics", "BEGIN:VCALENDAR")


def test_a_rolled_back_change_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_email(to="dana@example.test", subject="Verified", body="Hello")
        raise RuntimeError("the review failed")

    assert not OutgoingEmail.objects.exists()
    assert mailoutbox == []


def test_a_row_is_sent_at_most_once(mailoutbox):
    email = OutgoingEmail.objects.create(to="dana@example.test", subject="S", body="B")

    assert send_outgoing_email.delay(email.pk).get() is True
    assert send_outgoing_email.delay(email.pk).get() is False
    assert send_due_emails.delay().get() == 0

    assert len(mailoutbox) == 1


def test_a_row_another_worker_has_claimed_is_left_alone(mailoutbox):
    email = OutgoingEmail.objects.create(
        to="dana@example.test", subject="S", body="B", status=Status.SENDING
    )

    assert outbox.send_outgoing_email(email.pk) is False
    assert mailoutbox == []


@pytest.fixture
def smtp_refuses(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


def test_an_smtp_error_keeps_the_row_for_a_retry_with_backoff(smtp_refuses):
    email = OutgoingEmail.objects.create(to="dana@example.test", subject="S", body="B")

    assert outbox.send_outgoing_email(email.pk) is False

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.PENDING, 1)
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert "SMTPServerDisconnected" in email.last_error
    # Not due yet: the sweep leaves it.
    assert outbox.send_outgoing_email(email.pk) is False
    assert OutgoingEmail.objects.get().attempts == 1


def test_it_gives_up_after_the_last_try_and_keeps_the_row_as_failed(smtp_refuses):
    email = OutgoingEmail.objects.create(
        to="dana@example.test", subject="S", body="B", attempts=outbox.MAX_ATTEMPTS - 1
    )

    outbox.send_outgoing_email(email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, outbox.MAX_ATTEMPTS)


def test_the_sweep_sends_due_rows_and_retries_whose_backoff_passed(mailoutbox):
    due = OutgoingEmail.objects.create(to="a@example.test", subject="due", body="B")
    later = OutgoingEmail.objects.create(
        to="b@example.test",
        subject="later",
        body="B",
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )

    assert send_due_emails.delay().get() == 1

    assert [m.subject for m in mailoutbox] == ["due"]
    assert OutgoingEmail.objects.get(pk=later.pk).status == Status.PENDING
    assert OutgoingEmail.objects.get(pk=due.pk).status == Status.SENT


def test_a_send_interrupted_by_a_dead_worker_is_marked_failed_not_resent(mailoutbox):
    email = OutgoingEmail.objects.create(
        to="dana@example.test",
        subject="S",
        body="B",
        status=Status.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
    )

    send_due_emails.delay()

    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert mailoutbox == []


_broker_down_uses = itertools.count()


@pytest.fixture
def broker_down():
    """A real publish to a port nothing listens on (the embedded run has no Redis to stop)."""
    from certification.celery import app

    previous = app.conf.task_always_eager, app.conf.broker_url, app._pool
    producers = app.amqp._producer_pool
    # kombu keeps one connection pool per broker address for the whole process, and the
    # teardown below closes it: a new address each time, so no test meets a closed pool.
    app.conf.task_always_eager, app.conf.broker_url, app._pool = (
        False,
        f"redis://down{next(_broker_down_uses)}@127.0.0.1:1/0",
        None,
    )
    # Celery acquires a producer even for an eager task: a pool left by an earlier test (any
    # test that ran on-commit callbacks) still holds the old broker and would publish there.
    app.amqp._producer_pool = None
    yield
    if app._pool is not None:
        app._pool.force_close_all()
    app.conf.task_always_eager, app.conf.broker_url, app._pool = previous
    app.amqp._producer_pool = producers


def test_verifying_a_license_with_the_broker_down_answers_fast_and_mails_later(
    client, applicant, admin_user, mailoutbox, django_capture_on_commit_callbacks, broker_down
):
    license = MedicalLicenseFactory(applicant=applicant, number="A123")
    client.force_login(admin_user)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:verify", args=["license", license.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 8, f"the request waited {elapsed:.1f} s for the broker"
    email = OutgoingEmail.objects.get()
    assert email.status == Status.PENDING
    assert mailoutbox == []

    # The broker is back: beat's sweep sends it.
    assert outbox.send_outgoing_email(email.pk) is True
    [mail] = mailoutbox
    assert mail.subject == "Physician (MD/DO) A123 verified"
