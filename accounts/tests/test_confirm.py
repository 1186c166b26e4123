"""The confirmation step itself: every posted value rides along (a repeated name keeps each of
its values), the token and `confirmed` are not copied, and only confirmed=1 means yes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts.confirm import ask_first, carried_fields, is_confirmed

pytestmark = pytest.mark.django_db


def post(data):
    request = RequestFactory().post("/somewhere/", data)
    request.user = AnonymousUser()
    return request


def test_it_carries_every_value_but_the_token_and_the_answer():
    request = post(
        {"reason": "Moved", "areas": ["1", "2"], "csrfmiddlewaretoken": "t", "confirmed": "0"}
    )

    assert carried_fields(request) == [("reason", "Moved"), ("areas", "1"), ("areas", "2")]


@pytest.mark.parametrize("value, confirmed", [("1", True), ("0", False), ("yes", False)])
def test_only_confirmed_1_is_a_yes(value, confirmed):
    assert is_confirmed(post({"confirmed": value})) is confirmed


def test_it_asks_with_the_page_naming_the_action(settings):
    request = post({"reason": "Moved"})
    request._dont_enforce_csrf_checks = True

    page = ask_first(
        request,
        action="Withdraw Ana",
        consequence="The seat goes to the next.",
        yes="Yes, withdraw",
        cancel_url="/back/",
    ).content.decode()

    assert "Withdraw Ana?" in page and "The seat goes to the next." in page
    assert '<input type="hidden" name="reason" value="Moved">' in page
    assert 'action="/somewhere/"' in page and 'href="/back/"' in page
    assert (
        ask_first(post({"confirmed": "1"}), action="", consequence="", yes="", cancel_url="")
        is None
    )
