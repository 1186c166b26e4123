"""Random CE audit: a share of renewals (set per program) is picked at submission; an audited
renewal is approved only once every CE item has its proof, and the refusal names the items."""

import pytest
from django.urls import reverse

from accounts.tests.factories import pdf_upload
from accounts.tests.helpers import messages_of
from certification.models import Certificate, Renewal

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .renewals import (
    add_ce,
    approve,
    expiring_certificate,
    log_treatments,
    renewal_storage,  # noqa: F401 (fixture)
    start,
    submit,
    submitted_renewal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renewal_storage")]
Status = Renewal.Status


def test_a_share_of_100_percent_picks_every_renewal(client):
    renewal = submitted_renewal(client, expiring_certificate(60, audit_percent=100))

    assert renewal.audited


def test_a_share_of_0_percent_picks_none(client):
    renewal = submitted_renewal(client, expiring_certificate(60, audit_percent=0))

    assert not renewal.audited


def test_an_audited_renewal_without_proof_is_not_approvable(client, admin_user):
    certificate = expiring_certificate(60, audit_percent=100)
    renewal = start(client, certificate)
    add_ce(client, renewal, hours="5", title="Glabellar masterclass", proof=True)
    add_ce(client, renewal, hours="3", title="Toxin safety update")
    log_treatments(client, renewal, 10)
    submit(client, renewal)

    response = approve(client, admin_user, renewal)

    renewal.refresh_from_db()
    assert renewal.status == Status.SUBMITTED and renewal.new_certificate is None
    assert not Certificate.objects.filter(renews=certificate).exists()
    refusal = " ".join(messages_of(response))
    assert "Toxin safety update" in refusal and "Glabellar masterclass" not in refusal


def test_once_the_proof_is_uploaded_it_is_approved(
    client, admin_user, django_capture_on_commit_callbacks
):
    certificate = expiring_certificate(60, audit_percent=100)
    renewal = submitted_renewal(client, certificate)
    item = renewal.ce_items.get()
    client.force_login(certificate.holder)

    client.post(
        reverse("certification:renewal_upload_proof", args=[renewal.pk, item.pk]),
        {"proof": pdf_upload("completion.pdf")},
    )
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, admin_user, renewal)

    renewal.refresh_from_db()
    item.refresh_from_db()
    assert item.proof_content_type == "application/pdf"
    assert renewal.status == Status.APPROVED
    assert renewal.new_certificate.status == Certificate.Status.ISSUED


def test_returning_and_resubmitting_keeps_the_audit(client, admin_user):
    certificate = expiring_certificate(60, audit_percent=100)
    renewal = submitted_renewal(client, certificate)
    certificate.program.renewal_audit_percent = 0
    certificate.program.save(update_fields=["renewal_audit_percent"])
    client.force_login(admin_user)
    client.post(
        reverse("certification:staff_renewal_return", args=[renewal.pk]),
        {"reason": "Upload your proofs", "confirmed": "1"},
    )

    client.force_login(certificate.holder)
    submit(client, renewal)

    renewal.refresh_from_db()
    assert renewal.status == Status.SUBMITTED and renewal.audited


def test_only_the_holder_uploads_proof_and_downloads_it_with_admins(client, admin_user, stranger):
    certificate = expiring_certificate(60, audit_percent=100)
    renewal = submitted_renewal(client, certificate, proof=False)
    item = renewal.ce_items.get()
    upload = reverse("certification:renewal_upload_proof", args=[renewal.pk, item.pk])
    client.force_login(stranger)

    assert client.post(upload, {"proof": pdf_upload()}).status_code == 404
    item.refresh_from_db()
    assert not item.proof

    client.force_login(certificate.holder)
    client.post(upload, {"proof": pdf_upload()})
    download = reverse("certification:renewal_proof_file", args=[renewal.pk, item.pk])
    assert client.get(download).status_code == 200
    client.force_login(stranger)
    assert client.get(download).status_code == 404
    client.force_login(admin_user)
    assert client.get(download).status_code == 200
