"""What a certificate says is frozen at issue: a re-render after the holder's name or the
program changed prints the same data, number and dates, byte for byte."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from programs.models import TrainingProgram

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
    pdf_text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def test_a_re_render_keeps_the_data_and_number_after_names_change(client, admin_user):
    certificate = issued_certificate()
    name, number, sha = certificate.snapshot["holder_name"], certificate.number, certificate.sha256
    holder = certificate.holder
    holder.full_legal_name = "Changed Name Later"
    holder.save(update_fields=["full_legal_name"])
    TrainingProgram.objects.filter(pk=certificate.program_id).update(name="Renamed program")
    client.force_login(admin_user)

    response = client.post(reverse("certification:staff_rerender", args=[certificate.pk]))

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.number == number
    assert certificate.sha256 == sha  # the very same bytes
    text = pdf_text(certificate.pdf.read())
    assert name in text and "Changed Name Later" not in text
    assert "Renamed program" not in text
    assert AuditEntry.objects.filter(
        action="certificate.rerendered", actor=admin_user, target_id=str(certificate.pk)
    ).exists()
    verify = client.get(reverse("certification:verify", args=[certificate.verification_code]))
    assert name in verify.content.decode()


def test_only_program_admins_may_re_render(client):
    certificate = issued_certificate()
    client.force_login(certificate.holder)

    response = client.post(reverse("certification:staff_rerender", args=[certificate.pk]))

    assert response.status_code == 403
