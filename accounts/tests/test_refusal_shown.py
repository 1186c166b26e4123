"""The one refusal path: a service's DomainError becomes the user's message (or a form error),
the view learns it was refused, and nothing else is swallowed."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from accounts.errors import DomainError, attempt, refusal_shown


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


class NumberForm(forms.Form):
    number = forms.CharField()


class NumberTaken(DomainError):
    field = "number"


def test_a_refusal_becomes_the_message_and_is_reported_refused():
    request = _request()
    with refusal_shown(request, prefix="Nothing was saved: ") as refused:
        raise DomainError("The cohort is full.")
    assert refused
    assert [str(m) for m in get_messages(request)] == ["Nothing was saved: The cohort is full."]


def test_an_action_that_goes_through_is_not_refused_and_leaves_no_message():
    request = _request()
    with refusal_shown(request) as refused:
        pass
    assert not refused
    assert list(get_messages(request)) == []


def test_with_a_form_the_refusal_sits_beside_its_field_or_on_the_form():
    form = NumberForm({"number": "A1"})
    assert form.is_valid()
    with refusal_shown(_request(), form=form):
        raise NumberTaken("That number is already claimed.")
    assert form.errors["number"] == ["That number is already claimed."]

    other = NumberForm({"number": "A1"})
    assert other.is_valid()
    with refusal_shown(_request(), form=other):
        raise DomainError("Refused.")
    assert other.non_field_errors() == ["Refused."]


def test_other_errors_are_not_swallowed():
    with pytest.raises(ValueError), refusal_shown(_request()):
        raise ValueError("a bug, not a refusal")


def test_attempt_gives_the_success_message_only_when_the_action_went_through():
    request = _request()
    assert attempt(request, lambda: None, "Done.") is True

    def refuse():
        raise DomainError("Not now.")

    assert attempt(request, refuse, "Done.") is False
    assert [str(m) for m in get_messages(request)] == ["Done.", "Not now."]
