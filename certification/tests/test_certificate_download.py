"""The holder downloads their PDF; program admins any; everyone else gets a 404."""

import pytest
from django.urls import reverse

from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _url(certificate):
    return reverse("certification:certificate_pdf", args=[certificate.pk])


def test_the_holder_downloads_the_issued_file(client):
    certificate = issued_certificate()
    client.force_login(certificate.holder)

    response = client.get(_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"certificate-{certificate.number}.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == certificate.pdf.read()


def test_an_admin_downloads_any(client, admin_user):
    certificate = issued_certificate()
    client.force_login(admin_user)

    assert client.get(_url(certificate)).status_code == 200


def test_someone_else_gets_404(client, stranger):
    certificate = issued_certificate()
    client.force_login(stranger)

    assert client.get(_url(certificate)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    certificate = issued_certificate()

    response = client.get(_url(certificate))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_pending_certificate_has_nothing_to_download(client):
    certificate = issued_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(status="pending", pdf="")
    client.force_login(certificate.holder)

    assert client.get(_url(certificate)).status_code == 404
