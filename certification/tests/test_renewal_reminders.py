"""Expiry reminders say what evidence the renewal still lacks, not only the date."""

from datetime import timedelta

import pytest

from certification.services import remind_expiring

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .renewals import (
    add_ce,
    expiring_certificate,
    log_treatments,
    renewal_storage,  # noqa: F401 (fixture)
    start,
    submitted_renewal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renewal_storage")]


def _remind(certificate, days, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        remind_expiring(today=certificate.expires_on - timedelta(days=days))


def test_the_reminder_lists_hours_and_treatments_still_missing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = expiring_certificate(80)
    renewal = start(client, certificate)
    add_ce(client, renewal, hours="5")
    log_treatments(client, renewal, 4)

    _remind(certificate, 60, django_capture_on_commit_callbacks)

    (mail,) = mailoutbox
    assert "expires in 60 days" in mail.subject
    assert "3 more CE hours in the counting categories (5 of 8)" in mail.body
    assert "6 more treatments in your practice log (4 of 10)" in mail.body


def test_without_a_renewal_everything_is_missing(mailoutbox, django_capture_on_commit_callbacks):
    certificate = expiring_certificate(100)

    _remind(certificate, 90, django_capture_on_commit_callbacks)

    (mail,) = mailoutbox
    assert "8 more CE hours" in mail.body and "10 more treatments" in mail.body


def test_a_submitted_renewal_is_said_to_be_under_review(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = expiring_certificate(45)
    submitted_renewal(client, certificate)

    _remind(certificate, 30, django_capture_on_commit_callbacks)

    (mail,) = mailoutbox
    assert "with a program admin for review" in mail.body
    assert "more CE hours" not in mail.body


def test_an_audited_renewal_waiting_for_proofs_names_them(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = expiring_certificate(45, audit_percent=100)
    renewal = submitted_renewal(client, certificate)
    assert renewal.audited

    _remind(certificate, 30, django_capture_on_commit_callbacks)

    (mail,) = mailoutbox
    assert "picked for a CE audit" in mail.body
    (item,) = renewal.ce_items.all()
    assert f"- {item.title} ({item.provider})" in mail.body
