"""A second step before a one-way action: the first POST shows what will happen, the second acts.

A button that cannot be undone (submit and lock, withdraw, revoke, reject, complete, delete)
posts as usual. The view parses and checks the input first, then calls `ask_first`: without
`confirmed=1` in the POST it returns a page that names the action and its consequence, carries
every posted field as a hidden input, and offers a "Yes, ..." button that posts the same fields
back to the same address with `confirmed=1`; with it, `ask_first` returns None and the view acts.
No JavaScript is involved, so it works the same in every browser and in tests.

It lives in `accounts`, the bottom app, so that every app can use it.
"""

from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"
# Never carried over: the token is rendered afresh, and `confirmed` is what the page adds.
NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED}


class ConfirmForm(forms.Form):
    # Exactly "1": a BooleanField would take any non-empty text ("no") for a yes.
    confirmed = forms.ChoiceField(choices=[("1", "yes")], required=False)


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says: `action` as a heading ("Withdraw Ana Ruiz"),
    `consequence` as what will happen and cannot be undone, `yes` as the button."""

    action: str
    consequence: str
    yes: str
    cancel_url: str
    details: tuple[str, ...] = ()
    # A page whose input took work (a score form) is not thrown away on "No": the fields are
    # posted back with these values instead (e.g. {"action": "save"} keeps them as a draft).
    cancel_label: str = "No, go back"
    cancel_post: tuple[tuple[str, str], ...] = ()


def is_confirmed(request: HttpRequest) -> bool:
    form = ConfirmForm(request.POST)
    return form.is_valid() and form.cleaned_data[CONFIRMED] == "1"


def carried_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """Every posted value (a repeated name keeps each of its values), in the order posted."""
    return [
        (name, value)
        for name in request.POST
        if name not in NOT_CARRIED
        for value in request.POST.getlist(name)
    ]


def confirmation_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    carried = carried_fields(request)
    overridden = dict(confirmation.cancel_post)
    cancel_carried = [(n, v) for n, v in carried if n not in overridden] + list(
        confirmation.cancel_post
    )
    return render(
        request,
        "_confirm.html",
        {"confirmation": confirmation, "carried": carried, "cancel_carried": cancel_carried},
    )


def ask_first(
    request: HttpRequest,
    *,
    action: str,
    consequence: str,
    yes: str,
    cancel_url: str,
    details: tuple[str, ...] | list[str] = (),
    cancel_label: str = "No, go back",
    cancel_post: dict[str, str] | None = None,
) -> HttpResponse | None:
    """None when the POST is the confirmed one (act now); otherwise the confirmation page.

    Call it after the input has been parsed and found valid, so that a form with errors shows
    its errors rather than a question, and before anything is written."""
    if is_confirmed(request):
        return None
    confirmation = Confirmation(
        action,
        consequence,
        yes,
        cancel_url,
        tuple(details),
        cancel_label,
        tuple((cancel_post or {}).items()),
    )
    return confirmation_page(request, confirmation)
