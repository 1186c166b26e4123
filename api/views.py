"""Pages: the program admins' keys and call log, webhook endpoints and deliveries; the
applicant's consents to partners."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.confirm import ask_first
from accounts.errors import refusal_shown
from accounts.roles import Role

from . import selectors, services
from .forms import EnableForm, EndpointForm, KeyForm, PartnerChoiceForm
from .models import PartnerKey, WebhookDelivery, WebhookEndpoint

# The one-time secret travels from the POST to the next page in the session, then is dropped.
ONCE = "api-shown-once"


def _shown_once(request):
    return request.session.pop(ONCE, None)


@role_required(Role.PROGRAM_ADMIN)
def keys(request):
    form = KeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request) as refused:
            row, key = services.create_key(
                partner_name=data["partner"],
                label=data["label"],
                scope=data["scope"],
                program=data["program"],
                actor=request.user,
            )
        if not refused:
            request.session[ONCE] = {"what": f"API key of {row.partner}", "value": key}
            return redirect("api:keys")
    context = {"form": form, "shown_once": _shown_once(request), **selectors.keys_page()}
    return render(request, "api/keys.html", context)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def revoke_key(request, pk):
    key = get_object_or_404(PartnerKey.objects.select_related("partner"), pk=pk)
    if page := ask_first(
        request,
        action=f"Revoke the key {key.prefix} of {key.partner}",
        consequence="Every request with this key is refused from now on; it cannot be undone.",
        yes="Yes, revoke the key",
        cancel_url=reverse("api:keys"),
    ):
        return page
    with refusal_shown(request) as refused:
        services.revoke_key(key=key, actor=request.user)
    if not refused:
        messages.success(request, f"The key {key.prefix} is revoked.")
    return redirect("api:keys")


@role_required(Role.PROGRAM_ADMIN)
def webhooks(request):
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request) as refused:
            endpoint = services.create_endpoint(
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        if not refused:
            request.session[ONCE] = {
                "what": f"signing secret of {endpoint.url}",
                "value": endpoint.secret,
            }
            return redirect("api:webhooks")
    context = {"form": form, "shown_once": _shown_once(request), **selectors.webhooks_page()}
    return render(request, "api/webhooks.html", context)


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def endpoint_active(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    form = EnableForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to enable or disable the endpoint.")
        return redirect("api:webhooks")
    with refusal_shown(request) as refused:
        services.set_endpoint_active(
            endpoint=endpoint, active=bool(form.cleaned_data["active"]), actor=request.user
        )
    if not refused:
        messages.success(request, "The endpoint is updated.")
    return redirect("api:webhooks")


@require_POST
@role_required(Role.PROGRAM_ADMIN)
def redeliver(request, pk):
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    with refusal_shown(request) as refused:
        services.redeliver(delivery=delivery, actor=request.user)
    if not refused:
        messages.success(request, "The event is being sent again.")
    return redirect("api:webhooks")


@role_required(Role.APPLICANT)
def consents(request):
    return render(
        request,
        "api/consents.html",
        {"partners": selectors.partners_for_consent(request.user)},
    )


@require_POST
@role_required(Role.APPLICANT)
def consent(request, action):
    form = PartnerChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a partner.")
        return redirect("api:consents")
    partner = form.cleaned_data["partner"]
    with refusal_shown(request):
        if action == "grant":
            services.grant_consent(applicant=request.user, partner=partner)
            messages.success(request, f"{partner} can now read where you stand on your pathway.")
        else:
            services.withdraw_consent(applicant=request.user, partner=partner)
            messages.success(request, f"{partner} can no longer read your pathway.")
    return redirect("api:consents")
