"""The OpenAPI schema is generated without warnings and the docs are served locally; a
program's holders are paged by cursor in a constant number of queries."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from certification.models import Certificate
from programs.tests.factories import ProgramFactory

from .helpers import Scope, auth, certificate_storage, issued_certificate, make_key  # noqa: F401

pytestmark = pytest.mark.django_db


def test_it_generates_the_schema_without_warnings(tmp_path):
    # --fail-on-warn turns any warning of drf-spectacular into an error (SystemExit).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert "/api/v1/programs/{program_id}/holders" in (tmp_path / "s.yml").read_text()


def test_it_serves_the_schema_and_the_docs_without_a_cdn(client):
    assert client.get(reverse("api:schema")).status_code == 200
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


@pytest.mark.usefixtures("certificate_storage")
def test_it_pages_a_programs_holders_by_cursor(client, django_assert_max_num_queries):
    program = ProgramFactory()
    certificates = [issued_certificate(program=program) for _ in range(3)]
    revoked = issued_certificate(program=program)
    Certificate.objects.filter(pk=revoked.pk).update(status=Certificate.Status.REVOKED)
    issued_certificate()  # another program's holder
    _, key = make_key(Scope.PROGRAM, program=program)
    url = reverse("api:program_holders", args=[program.pk])

    with django_assert_max_num_queries(8):
        first = client.get(url, {"page_size": 2}, **auth(key)).json()
    second = client.get(first["next"], **auth(key)).json()

    numbers = [c["number"] for c in first["results"] + second["results"]]
    assert numbers == [c.number for c in certificates]
    assert second["next"] is None
    assert "cursor=" in first["next"]
