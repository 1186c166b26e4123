"""A page never holds a NUL character (certification/middleware.py): what was sent is shown
back with each NUL as U+FFFD, and the field still says what was wrong."""

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from certification.middleware import NoNulInPagesMiddleware

pytestmark = pytest.mark.django_db


def test_a_refused_search_and_choice_are_shown_back_without_their_nul(client, admin_user):
    client.force_login(admin_user)

    response = client.get(
        reverse("certification:staff_certificates"), {"q": "Ann\x00", "status": "1\x00"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "\x00" not in page
    assert 'value="Ann\ufffd"' in page  # the search box, as typed but for the NUL
    assert "Null characters are not allowed." in page
    assert "Select a valid choice. 1\ufffd is not one of the available choices." in page


def _through(response):
    return NoNulInPagesMiddleware(lambda request: response)(RequestFactory().get("/"))


def test_only_pages_are_rewritten():
    text = _through(HttpResponse(b"a\x00b", content_type="text/plain"))
    download = _through(StreamingHttpResponse([b"a\x00b"], content_type="text/html"))

    assert text.content == b"a\x00b"
    assert b"".join(download.streaming_content) == b"a\x00b"
    assert _through(HttpResponse("a\x00b")).content == "a\ufffdb".encode()
