"""Holders are reminded 90, 60 and 30 days before their certificate expires, once each, with
the renewal evidence still missing."""

from datetime import timedelta

import pytest

from certification.services import remind_expiring

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def test_it_reminds_at_90_60_and_30_days_exactly_once_each(
    mailoutbox, django_capture_on_commit_callbacks
):
    certificate = issued_certificate()
    sent = {}
    for days in (91, 90, 90, 61, 60, 60, 31, 30, 30, 5):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            remind_expiring(today=certificate.expires_on - timedelta(days=days))
        sent.setdefault(days, []).append(len(mailoutbox) - before)

    assert sent == {91: [0], 90: [1, 0], 61: [0], 60: [1, 0], 31: [0], 30: [1, 0], 5: [0]}
    assert [m.subject for m in mailoutbox] == [
        f"Your certificate {certificate.number} expires in 90 days",
        f"Your certificate {certificate.number} expires in 60 days",
        f"Your certificate {certificate.number} expires in 30 days",
    ]
    assert {tuple(m.to) for m in mailoutbox} == {(certificate.holder.email,)}


def test_it_sends_one_reminder_when_first_seen_inside_30_days(
    mailoutbox, django_capture_on_commit_callbacks
):
    certificate = issued_certificate()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            remind_expiring(today=certificate.expires_on - timedelta(days=20))

    assert len(mailoutbox) == 1


def test_it_is_a_daily_periodic_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "certification.tasks.send_certificate_expiry_reminders" in tasks
