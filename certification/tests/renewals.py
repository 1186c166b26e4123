"""Helpers of the renewal tests (imported by the test_renewal_* files): a certificate in its
renewal window, and the holder's steps through the real URLs."""

from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import pdf_upload
from certification.models import CEItem, Renewal
from programs.tests.factories import ProgramFactory

from .certificates import issued_certificate


@pytest.fixture
def renewal_storage(certificate_storage, monkeypatch):
    """CE proofs go to the temporary private folder too."""
    monkeypatch.setattr(CEItem._meta.get_field("proof"), "storage", storages["private"])
    return certificate_storage


def expiring_certificate(days: int, *, audit_percent: int = 0, **program_fields):
    """An issued certificate expiring in `days` (negative: expired), issued two years before."""
    program = ProgramFactory(renewal_audit_percent=audit_percent, **program_fields)
    today = timezone.localdate()
    return issued_certificate(
        program=program,
        issued_on=today - timedelta(days=730 - days),
        expires_on=today + timedelta(days=days),
    )


def start(client, certificate) -> Renewal | None:
    client.force_login(certificate.holder)
    client.post(reverse("certification:renew", args=[certificate.pk]))
    return Renewal.objects.filter(certificate=certificate).order_by("-pk").first()


def add_ce(client, renewal, *, hours="8", category="neuromodulators", proof=False, **fields):
    data = {
        "provider": "Aesthetic Society",
        "title": fields.pop("title", f"Toxin update {CEItem.objects.count() + 1}"),
        "category": category,
        "completed_on": fields.pop("completed_on", timezone.localdate() - timedelta(days=30)),
        "hours": hours,
        **fields,
    }
    if proof is True:
        data["proof"] = pdf_upload("ce.pdf")
    elif proof:
        data["proof"] = proof  # an upload of the test's own
    return client.post(reverse("certification:renewal_add_ce", args=[renewal.pk]), data)


def log_treatments(client, renewal, count: int):
    for n in range(count):
        client.post(
            reverse("certification:renewal_add_practice", args=[renewal.pk]),
            {
                "performed_on": timezone.localdate() - timedelta(days=10 + n),
                "area": "Glabellar lines",
                "units": "20",
                "supervisor_name": "",
            },
        )


def submit(client, renewal):
    return client.post(reverse("certification:renewal_submit", args=[renewal.pk]), follow=True)


def submitted_renewal(client, certificate, *, proof=False) -> Renewal:
    """A renewal with the program's default evidence (8 CE hours, 10 treatments), submitted."""
    renewal = start(client, certificate)
    add_ce(client, renewal, hours="8", proof=proof)
    log_treatments(client, renewal, certificate.program.renewal_min_practice_entries)
    submit(client, renewal)
    renewal.refresh_from_db()
    return renewal


def approve(client, admin, renewal):
    client.force_login(admin)
    return client.post(
        reverse("certification:staff_renewal_approve", args=[renewal.pk]),
        {"confirmed": "1"},
        follow=True,
    )
