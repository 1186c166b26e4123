"""The render task claims the certificate: however often it runs, one file, one e-mail."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import AuditEntry
from certification import services
from certification.models import Certificate
from certification.selectors import certificate_to_issue
from certification.tasks import render_certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
    pending_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _pending(**fields):
    certificate = issued_certificate()
    fields = {"claim_token": "", "claimed_at": None, **fields}
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.PENDING, pdf="", sha256="", attempts=0, **fields
    )
    return certificate


def _files(storage_root):
    return sorted(p.name for p in (storage_root / "certificates").iterdir())


def test_running_the_task_twice_issues_once_and_mails_once(
    private_storage, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = _pending()
    for path in (private_storage / "certificates").iterdir():
        path.unlink()

    with django_capture_on_commit_callbacks(execute=True):
        first = render_certificate.delay(certificate.pk).get()
    with django_capture_on_commit_callbacks(execute=True):
        second = render_certificate.delay(certificate.pk).get()

    assert (first, second) == ("issued", "not pending or claimed by another worker")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.attempts == 1
    assert len(_files(private_storage)) == 1
    assert len(mailoutbox) == 1


def test_it_leaves_a_certificate_another_worker_is_rendering(mailoutbox):
    certificate = _pending(claim_token="other-worker", claimed_at=timezone.now())

    assert services.render_and_issue(certificate_id=certificate.pk).startswith("not pending")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.claim_token == "other-worker"


def test_it_takes_over_the_claim_of_a_worker_that_died(
    mailoutbox, django_capture_on_commit_callbacks
):
    stale = timezone.now() - services.CLAIM_TIMEOUT - timedelta(seconds=1)
    certificate = _pending(claim_token="dead-worker", claimed_at=stale)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.render_and_issue(certificate_id=certificate.pk) == "issued"

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert len(mailoutbox) == 1


def test_a_worker_whose_claim_was_taken_over_issues_nothing(
    private_storage, mailoutbox, django_capture_on_commit_callbacks
):
    """Worker A claims and renders, then stalls past the claim timeout; worker B takes over and
    issues. When A finally finishes, its token no longer holds the row: no second issue."""
    certificate = _pending()
    long_ago = timezone.now() - services.CLAIM_TIMEOUT - timedelta(minutes=1)
    token_a = services._claim(certificate.pk, long_ago)
    read_by_a = certificate_to_issue(certificate.pk)
    name_a, content_a = services._render_and_store(read_by_a, token_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.render_and_issue(certificate_id=certificate.pk) == "issued"
    issued = Certificate.objects.get(pk=certificate.pk)

    with django_capture_on_commit_callbacks(execute=True):
        late = services._finish_issue(read_by_a, token=token_a, name=name_a, content=content_a)

    assert late == "claim lost"
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == issued.pdf.name
    assert not (private_storage / name_a).exists()  # A's file is cleaned up
    assert len(mailoutbox) == 1


def test_a_renewal_whose_claim_was_taken_over_leaves_the_certificate_it_renews_in_force(
    private_storage,
):
    # The renewal's worker supersedes the old certificate before it marks the renewal issued
    # (one in force at a time); with its claim lost, both changes are undone.
    old = issued_certificate()
    renewal = pending_certificate(holder=old.holder, program=old.program)
    Certificate.objects.filter(pk=renewal.pk).update(renews=old)
    token = services._claim(renewal.pk, timezone.now())
    read = certificate_to_issue(renewal.pk)
    name, content = services._render_and_store(read, token)
    Certificate.objects.filter(pk=renewal.pk).update(claim_token="another worker's")

    assert services._finish_issue(read, token=token, name=name, content=content) == "claim lost"

    old.refresh_from_db()
    assert old.status == Certificate.Status.ISSUED
    assert Certificate.objects.get(pk=renewal.pk).status == Certificate.Status.PENDING
    assert not AuditEntry.objects.filter(action="certificate.superseded").exists()
    assert not (private_storage / name).exists()


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db(transaction=True)
def test_the_render_tasks_own_transactions_do_not_wait_for_the_disk_and_no_other_does():
    before = _synchronous_commit()
    with services._issuing_transaction():
        inside = _synchronous_commit()
    with transaction.atomic(), services._issuing_transaction():
        # Inside a caller's transaction (a task run eagerly): the caller's commit is untouched.
        nested = _synchronous_commit()

    assert (before, inside, nested, _synchronous_commit()) == ("on", "off", "on", "on")
