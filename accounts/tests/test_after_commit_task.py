"""Queue after commit, one way (accounts/tasking.py): `delay_on_commit` publishes only once the
change commits, and a broker that is down after the commit is logged, never raised."""

import logging

import pytest
from django.db import transaction

from accounts.tasks import send_outgoing_email
from accounts.tests.test_email_outbox import broker_down  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_every_task_queues_after_commit_through_the_guarded_base():
    from accounts.tasking import AfterCommitTask

    assert isinstance(send_outgoing_email, AfterCommitTask)


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send_outgoing_email.delay_on_commit(1)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []


@pytest.mark.usefixtures("broker_down")
def test_a_broker_error_after_commit_is_logged_not_raised(
    django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.WARNING, logger="accounts.tasking"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        send_outgoing_email.delay_on_commit(4242)

    assert len(callbacks) == 1
    assert "Could not queue accounts.tasks.send_outgoing_email(4242,)" in caplog.text
