"""Two admins deciding the same license at the same moment, on the real PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from accounts import services
from accounts.errors import DomainError
from accounts.models import AuditEntry, Jurisdiction, MedicalLicense, ReviewStatus
from accounts.roles import Role
from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def jurisdiction_with_rules() -> Jurisdiction:
    # Made here: a transactional test cannot count on the migrations' reference data, which
    # an earlier transactional test may have flushed.
    jurisdiction, _ = Jurisdiction.objects.get_or_create(
        code="US-CA", defaults={"name": "California", "kind": Jurisdiction.Kind.US_STATE}
    )
    return jurisdiction


def test_one_of_two_simultaneous_decisions_wins_and_the_other_is_told(private_storage):
    applicant = UserFactory()
    first_admin, second_admin = UserFactory.create_batch(2, roles=[Role.PROGRAM_ADMIN])
    license = services.submit_license(
        license=MedicalLicense(
            license_type="physician",
            number="C-1001",
            jurisdiction=jurisdiction_with_rules(),
            issued_on=timezone.localdate() - timedelta(days=400),
            expires_on=timezone.localdate() + timedelta(days=400),
            document=SimpleUploadedFile("l.pdf", b"%PDF-1.4\n%%EOF\n"),
            document_name="l.pdf",
            document_content_type="application/pdf",
        ),
        applicant=applicant,
    )
    start = threading.Barrier(2)
    outcomes = []

    def decide(decision):
        try:
            start.wait()
            decision()
            outcomes.append("decided")
        except DomainError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=decide,
            args=(lambda: services.verify_submission(item=license, actor=first_admin),),
        ),
        threading.Thread(
            target=decide,
            args=(
                lambda: services.reject_submission(
                    item=license, actor=second_admin, reason="Blurred scan"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2 and outcomes.count("decided") == 1
    refusal = next(outcome for outcome in outcomes if outcome != "decided")
    assert "already" in refusal and "nothing was changed" in refusal
    license.refresh_from_db()
    assert license.status in (ReviewStatus.VERIFIED, ReviewStatus.REJECTED)
    decisions = AuditEntry.objects.filter(action__in=["license.verified", "license.rejected"])
    assert decisions.count() == 1
