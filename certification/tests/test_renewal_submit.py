"""A holder submits a renewal with evidence inside the program's window; it is refused, saying
what is missing, without enough CE hours in counting categories since the last certificate."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, ReviewStatus
from accounts.tests.helpers import messages_of
from certification.models import Renewal

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .renewals import (
    add_ce,
    expiring_certificate,
    log_treatments,
    renewal_storage,  # noqa: F401 (fixture)
    start,
    submit,
    submitted_renewal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renewal_storage")]
Status = Renewal.Status


def test_it_submits_a_renewal_with_enough_evidence(client):
    certificate = expiring_certificate(60)

    renewal = submitted_renewal(client, certificate)

    assert renewal.status == Status.SUBMITTED and renewal.submitted_at is not None
    assert renewal.rules["ce_hours_required"] == "8.0"
    assert AuditEntry.objects.filter(
        action="renewal.submitted", subject=certificate.holder
    ).exists()


def test_it_refuses_without_the_ce_hours_and_says_what_is_missing(client):
    certificate = expiring_certificate(60)
    renewal = start(client, certificate)
    add_ce(client, renewal, hours="5")
    log_treatments(client, renewal, 10)

    response = submit(client, renewal)

    renewal.refresh_from_db()
    assert renewal.status == Status.DRAFT
    assert any("3 more CE hours" in text for text in messages_of(response))


def test_hours_outside_the_counting_categories_do_not_count(client):
    certificate = expiring_certificate(60)
    renewal = start(client, certificate)
    add_ce(client, renewal, hours="8", category="other")
    log_treatments(client, renewal, 10)

    submit(client, renewal)

    renewal.refresh_from_db()
    assert renewal.status == Status.DRAFT


def test_hours_before_the_last_certificate_do_not_count(client):
    certificate = expiring_certificate(60)
    renewal = start(client, certificate)
    add_ce(client, renewal, completed_on=certificate.issued_on - timedelta(days=1))
    log_treatments(client, renewal, 10)

    submit(client, renewal)

    renewal.refresh_from_db()
    assert renewal.status == Status.DRAFT


def test_it_refuses_without_the_practice_log(client):
    certificate = expiring_certificate(60)
    renewal = start(client, certificate)
    add_ce(client, renewal, hours="8")
    log_treatments(client, renewal, 9)

    response = submit(client, renewal)

    renewal.refresh_from_db()
    assert renewal.status == Status.DRAFT
    assert any("1 more treatments" in text for text in messages_of(response))


def test_it_cannot_start_before_the_window_opens(client):
    certificate = expiring_certificate(120)  # the window opens 90 days before expiry

    renewal = start(client, certificate)

    assert renewal is None


def test_it_cannot_start_after_the_window_closes(client):
    certificate = expiring_certificate(-31)  # closes 30 days after expiry

    renewal = start(client, certificate)

    assert renewal is None


def test_it_can_renew_after_expiry_inside_the_window(client):
    certificate = expiring_certificate(-10)

    renewal = submitted_renewal(client, certificate)

    assert renewal.status == Status.SUBMITTED


def test_the_window_is_set_per_program(client):
    certificate = expiring_certificate(150, renewal_opens_days_before=180)

    assert start(client, certificate) is not None


def test_it_needs_current_qualifications(client):
    certificate = expiring_certificate(30)
    certificate.holder.medical_licenses.update(status=ReviewStatus.EXPIRED)

    renewal = submitted_renewal(client, certificate)

    assert renewal.status == Status.DRAFT


def test_a_ce_item_cannot_be_in_the_future(client):
    certificate = expiring_certificate(30)
    renewal = start(client, certificate)

    add_ce(client, renewal, completed_on=timezone.localdate() + timedelta(days=1))

    assert not renewal.ce_items.exists()


def test_a_proof_is_checked_by_its_content(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    certificate = expiring_certificate(30)
    renewal = start(client, certificate)

    response = add_ce(client, renewal, proof=SimpleUploadedFile("x.pdf", b"not a pdf"))

    assert response.status_code == 400
    assert not renewal.ce_items.exists()


def test_someone_else_cannot_touch_the_renewal(client, applicant):
    certificate = expiring_certificate(30)
    renewal = start(client, certificate)
    client.force_login(applicant)

    assert client.post(reverse("certification:renew", args=[certificate.pk])).status_code == 404
    assert add_ce(client, renewal).status_code == 404
    assert submit(client, renewal).status_code == 404
    assert not renewal.ce_items.exists()
