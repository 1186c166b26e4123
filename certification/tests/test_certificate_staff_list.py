"""Program admins list certificates, filtered by status and program, in constant queries."""

import pytest
from django.urls import reverse

from certification import services
from programs.tests.factories import ProgramFactory

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
URL = reverse("certification:staff_certificates")


def test_it_lists_and_filters_by_status_and_program(client, admin_user):
    program = ProgramFactory()
    kept = issued_certificate(program=program)
    revoked = issued_certificate(program=program)
    services.revoke_certificate(certificate=revoked, actor=admin_user, reason="Error")
    elsewhere = issued_certificate()
    client.force_login(admin_user)

    page = client.get(URL, {"status": "issued", "program": program.pk}).content.decode()

    assert f'data-certificate="{kept.number}"' in page
    assert f'data-certificate="{revoked.number}"' not in page
    assert f'data-certificate="{elsewhere.number}"' not in page


def test_its_queries_do_not_grow_with_the_certificates(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    issued_certificate()
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for _ in range(5):
        issued_certificate()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    assert response.content.decode().count("data-certificate=") == 6


def test_it_is_for_program_admins_only(client, applicant):
    client.force_login(applicant)

    assert client.get(URL).status_code == 403


def test_the_detail_page_shows_the_history(client, admin_user):
    certificate = issued_certificate()
    client.force_login(admin_user)

    page = client.get(reverse("certification:staff_certificate", args=[certificate.pk]))

    assert "certificate.issued" in page.content.decode()
