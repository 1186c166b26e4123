"""The demo has a holder with an issued certificate and one with a revoked certificate."""

import pytest
from django.core.management import call_command

from accounts.models import AuditEntry
from certification.models import Certificate

from .certificates import certificate_storage  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def test_the_demo_has_an_issued_and_a_revoked_certificate(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Certificate.objects.count(), AuditEntry.objects.count())

    call_command("seed_demo")

    assert (Certificate.objects.count(), AuditEntry.objects.count()) == counts
    holder = Certificate.objects.get(holder__email="holder@demo.test")
    revoked = Certificate.objects.get(holder__email="revoked@demo.test")
    assert holder.public_status() == Certificate.PublicStatus.VALID
    assert holder.pdf.read().startswith(b"%PDF-")
    assert revoked.status == Certificate.Status.REVOKED
    assert revoked.revocation_reason
    output = capsys.readouterr().out
    assert "holder@demo.test" in output and "revoked@demo.test" in output
