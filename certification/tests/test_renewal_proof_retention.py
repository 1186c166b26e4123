"""CE proofs uploaded with a renewal are applicants' documents like license scans: an orphaned
proof file is swept, and the retention rule removes the proofs of an inactive holder's decided
renewals (the renewal and its decision stay), never those of a renewal still open."""

import os
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from accounts.documents import purge_orphan_documents
from accounts.models import AuditEntry
from accounts.tests.factories import pdf_bytes
from certification.models import CEItem, Renewal

from .certificates import certificate_storage, issued_certificate  # noqa: F401 (fixture)
from .renewals import renewal_storage  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renewal_storage")]

EIGHT_YEARS_AGO = timezone.now() - timedelta(days=8 * 365)


def storage():
    return CEItem._meta.get_field("proof").storage


def proof_of(renewal) -> CEItem:
    """A CE item with its proof stored (made directly: the upload services have their tests)."""
    item = CEItem(
        renewal=renewal,
        provider="Aesthetic Society",
        title="Toxin update",
        category="neuromodulators",
        completed_on=timezone.localdate() - timedelta(days=20),
        hours=8,
        proof_name="ce.pdf",
        proof_content_type="application/pdf",
    )
    item.proof.save("ce.pdf", ContentFile(pdf_bytes()), save=False)
    item.save()
    return item


def renewal_at(moment, status) -> CEItem:
    """A holder active only at `moment`, whose renewal (in `status`) has one CE proof."""
    with time_machine.travel(moment, tick=False):
        certificate = issued_certificate()
        holder = certificate.holder
        holder.last_login = timezone.now()
        holder.save(update_fields=["last_login"])
        renewal = Renewal.objects.create(
            certificate=certificate, holder=holder, status=status, submitted_at=timezone.now()
        )
        return proof_of(renewal)


def age(name, days):
    then = time.time() - days * 86400
    os.utime(storage().path(name), (then, then))


def test_the_sweep_deletes_an_orphaned_ce_proof_and_keeps_a_referenced_one():
    kept = renewal_at(timezone.now(), Renewal.Status.SUBMITTED).proof.name
    orphan = storage().save("documents/ceproof/orphan", ContentFile(pdf_bytes()))
    for name in (kept, orphan):
        age(name, 2)

    assert purge_orphan_documents() == 1

    assert not storage().exists(orphan)
    assert storage().exists(kept)


def test_retention_removes_the_proofs_of_an_inactive_holders_decided_renewal(
    settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_RETENTION_YEARS = 7
    item = renewal_at(EIGHT_YEARS_AGO, Renewal.Status.REFUSED)
    stored = item.proof.name

    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention")

    item.refresh_from_db()
    assert (item.proof.name, item.proof_name, item.proof_content_type) == ("", "", "")
    assert not storage().exists(stored)
    assert item.renewal.status == Renewal.Status.REFUSED  # the renewal and its decision stay
    entry = AuditEntry.objects.get(action="documents.removed_by_retention")
    assert entry.data["removed"]["ceitem"] == [item.pk]


def test_retention_keeps_the_proofs_of_a_renewal_still_open(settings):
    settings.DOCUMENT_RETENTION_YEARS = 7
    item = renewal_at(EIGHT_YEARS_AGO, Renewal.Status.SUBMITTED)

    call_command("apply_retention")

    item.refresh_from_db()
    assert item.proof and storage().exists(item.proof.name)
