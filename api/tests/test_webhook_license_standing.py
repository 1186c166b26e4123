"""A license change that suspends or restores certificates without a certificate transition (a
board's suspension, its lift, a license revocation, the daily expiry, a new license verified)
reaches partners as one event per affected certificate, with its new public status; the audit
trail names the change on each certificate."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts import discipline
from accounts import services as account_services
from accounts.models import AuditEntry, MedicalLicense, ReviewStatus
from accounts.tests.factories import MedicalLicenseFactory
from api import services
from api.models import WebhookEndpoint, WebhookEvent

from .helpers import certificate_storage, issued_certificate  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
Event = WebhookEndpoint.Event
BOARD = {"source": "Medical Board of California, order 2026-118"}


@pytest.fixture
def subscribed(admin_user):
    return services.create_endpoint(
        url="https://hooks.partner.example/in", events=list(Event.values), actor=admin_user
    )


def _license(holder) -> MedicalLicense:
    return MedicalLicense.objects.get(applicant=holder, status=ReviewStatus.VERIFIED)


def _events() -> list[tuple[str, str, str]]:
    return [
        (e.type, e.payload["data"]["number"], e.payload["data"]["status"])
        for e in WebhookEvent.objects.order_by("id")
    ]


def _act(service, license, admin_user, **extra):
    return service(
        license=license,
        actor=admin_user,
        reason=extra.pop("reason", "Order of the board."),
        action_date=timezone.localdate(),
        **BOARD,
        **extra,
    )


@pytest.mark.usefixtures("subscribed")
def test_it_sends_one_event_per_certificate_on_suspension_and_on_its_lift(admin_user):
    first = issued_certificate()
    second = issued_certificate(holder=first.holder)
    bystander = issued_certificate()
    license = _license(first.holder)
    WebhookEvent.objects.all().delete()

    _act(discipline.suspend_license, license, admin_user)

    suspended = {(Event.SUSPENDED, c.number, "suspended") for c in (first, second)}
    assert set(_events()) == suspended
    entries = AuditEntry.objects.filter(action="certificate.suspended")
    assert {e.target_id for e in entries} == {str(first.pk), str(second.pk)}
    assert {(e.actor, e.from_state, e.to_state) for e in entries} == {
        (admin_user, "valid", "suspended")
    }
    assert all(e.data == {"cause": "license.suspended"} for e in entries)

    WebhookEvent.objects.all().delete()
    _act(discipline.lift_suspension, license, admin_user, reason="The board lifted its order.")

    assert set(_events()) == {(Event.REINSTATED, c.number, "valid") for c in (first, second)}
    assert AuditEntry.objects.filter(action="certificate.unsuspended").count() == 2
    assert not AuditEntry.objects.filter(target_id=str(bystander.pk)).exclude(
        action="certificate.issued"
    )


@pytest.mark.usefixtures("subscribed")
def test_revoking_a_suspended_license_sends_nothing_more(admin_user):
    certificate = issued_certificate()
    license = _license(certificate.holder)
    _act(discipline.suspend_license, license, admin_user)
    WebhookEvent.objects.all().delete()

    _act(discipline.revoke_license, license, admin_user)

    # Suspended before, suspended after: the public status did not move.
    assert _events() == []
    assert AuditEntry.objects.filter(action="certificate.suspended").count() == 1


@pytest.mark.usefixtures("subscribed")
def test_revoking_a_verified_license_suspends_the_certificates(admin_user):
    certificate = issued_certificate()
    WebhookEvent.objects.all().delete()

    _act(discipline.revoke_license, _license(certificate.holder), admin_user)

    assert _events() == [(Event.SUSPENDED, certificate.number, "suspended")]


@pytest.mark.usefixtures("subscribed")
def test_a_lift_that_leaves_another_license_disciplined_sends_nothing(admin_user):
    certificate = issued_certificate()
    other = MedicalLicenseFactory(applicant=certificate.holder, verified=True)
    license = certificate.holder.medical_licenses.exclude(pk=other.pk).get()
    _act(discipline.suspend_license, license, admin_user)
    _act(discipline.revoke_license, other, admin_user)
    WebhookEvent.objects.all().delete()

    _act(discipline.lift_suspension, license, admin_user)

    assert _events() == []
    certificate.refresh_from_db()
    assert certificate.public_status() == "suspended"


@pytest.mark.usefixtures("subscribed")
def test_the_daily_expiry_suspends_and_a_new_license_restores(admin_user):
    certificate = issued_certificate()
    license = _license(certificate.holder)
    MedicalLicense.objects.filter(pk=license.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    WebhookEvent.objects.all().delete()

    account_services.expire_and_remind()

    assert _events() == [(Event.SUSPENDED, certificate.number, "suspended")]
    entry = AuditEntry.objects.get(action="certificate.suspended")
    assert (entry.actor, entry.data) == (None, {"cause": "license.expired"})

    renewed = MedicalLicenseFactory(applicant=certificate.holder, replaces=license)
    account_services.verify_submission(item=renewed, actor=admin_user)

    assert _events()[-1] == (Event.REINSTATED, certificate.number, "valid")


def test_the_events_roll_back_with_the_license_change(admin_user, subscribed):
    certificate = issued_certificate()
    WebhookEvent.objects.all().delete()

    with pytest.raises(RuntimeError), transaction.atomic():
        _act(discipline.suspend_license, _license(certificate.holder), admin_user)
        assert WebhookEvent.objects.get().deliveries.get().endpoint == subscribed
        raise RuntimeError("the suspension rolls back")

    assert not WebhookEvent.objects.exists()
    assert not AuditEntry.objects.filter(action="certificate.suspended").exists()
