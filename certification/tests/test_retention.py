"""The retention rule: documents of applicants inactive for DOCUMENT_RETENTION_YEARS are
removed (files and fields), a note and an audit entry are kept, certificates are kept. Run by
Celery beat and by `manage.py apply_retention`."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, MedicalLicense, ReviewStatus
from accounts.tasks import remove_documents_of_inactive_applicants
from accounts.tests.factories import (
    MedicalLicenseFactory,
    SupportingCredentialFactory,
    UserFactory,
)
from certification.models import Certificate
from certification.tests.certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

EIGHT_YEARS_AGO = timezone.now() - timedelta(days=8 * 365)


def applicant_active_at(moment, **fields):
    """An applicant who signed up, signed in and uploaded a verified license at `moment`."""
    with time_machine.travel(moment, tick=False):
        person = UserFactory(last_login=timezone.now(), **fields)
        license = MedicalLicenseFactory(applicant=person, verified=True)
    return person, license


@pytest.fixture
def retention(settings, certificate_storage):  # noqa: F811
    settings.DOCUMENT_RETENTION_YEARS = 7
    return certificate_storage


@pytest.mark.django_db
def test_it_removes_the_documents_of_an_inactive_applicant(
    retention, django_capture_on_commit_callbacks
):
    person, license = applicant_active_at(EIGHT_YEARS_AGO)
    stored = license.document.name
    assert license.document.storage.exists(stored)

    # The files go once the change has committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention")

    license.refresh_from_db()
    assert (license.document.name, license.document_name) == ("", "")
    assert license.document_removed_on == timezone.localdate()
    assert license.status == ReviewStatus.VERIFIED  # the decision stays
    assert not license.document.storage.exists(stored)
    entry = AuditEntry.objects.get(action="documents.removed_by_retention")
    assert entry.subject == person and entry.actor is None
    assert entry.data["removed"]["medicallicense"] == [license.pk]


@pytest.mark.django_db
def test_it_keeps_certificates(retention, django_capture_on_commit_callbacks):
    person, _ = applicant_active_at(EIGHT_YEARS_AGO)
    with time_machine.travel(EIGHT_YEARS_AGO + timedelta(days=1), tick=False):
        certificate = issued_certificate(holder=person)
    pdf = certificate.pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        remove_documents_of_inactive_applicants.delay()

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.pdf.name == pdf and certificate.pdf.storage.exists(pdf)
    assert not MedicalLicense.objects.filter(applicant=person).exclude(document="").exists()


@pytest.mark.django_db
def test_it_keeps_the_documents_of_active_applicants(retention):
    _, recent = applicant_active_at(timezone.now() - timedelta(days=365))
    signed_in, old = applicant_active_at(EIGHT_YEARS_AGO)
    signed_in.last_login = timezone.now() - timedelta(days=30)
    signed_in.save(update_fields=["last_login"])

    call_command("apply_retention")

    for license in (recent, old):
        license.refresh_from_db()
        assert license.document and license.document_removed_on is None
    assert not AuditEntry.objects.filter(action="documents.removed_by_retention").exists()


@pytest.mark.django_db
def test_an_entry_in_the_audit_trail_counts_as_activity(retention, admin_user):
    from accounts import audit

    person, license = applicant_active_at(EIGHT_YEARS_AGO)
    audit.record(actor=admin_user, action="license.verified", target=license)

    call_command("apply_retention")

    license.refresh_from_db()
    assert license.document


@pytest.mark.django_db
def test_it_keeps_documents_waiting_for_review(retention):
    with time_machine.travel(EIGHT_YEARS_AGO, tick=False):
        person = UserFactory(last_login=timezone.now())
        waiting = SupportingCredentialFactory(applicant=person)  # submitted, not decided

    call_command("apply_retention")

    waiting.refresh_from_db()
    assert waiting.document


@pytest.mark.django_db
def test_it_removes_once(retention):
    applicant_active_at(EIGHT_YEARS_AGO)

    call_command("apply_retention")
    call_command("apply_retention")

    assert AuditEntry.objects.filter(action="documents.removed_by_retention").count() == 1


@pytest.mark.django_db
def test_a_removed_document_is_a_404_and_the_review_page_says_why(client, retention, admin_user):
    _, license = applicant_active_at(EIGHT_YEARS_AGO)
    call_command("apply_retention")
    client.force_login(admin_user)

    assert client.get(reverse("accounts:document", args=["license", license.pk])).status_code == 404
    review = client.get(reverse("accounts:review", args=["license", license.pk]))
    assert "retention rule" in review.content.decode()


def test_beat_runs_it_daily():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.tasks.remove_documents_of_inactive_applicants" in tasks
