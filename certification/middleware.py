"""Refuse an oversized request body before anything reads it; the site's CSP header, built once;
no NUL in a page."""

from dataclasses import dataclass
from functools import cache

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse


class RequestBodyLimitMiddleware:
    """413 for a declared Content-Length over REQUEST_BODY_MAX_SIZE, without reading the body.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file uploads to disk
    however large they are, and gunicorn has no body limit: a 300 MB upload was read in full
    before the form said "at most 10 MB". First in MIDDLEWARE, so CSRF and sessions never
    touch the body. (A chunked body has no Content-Length; Django reads none of it.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        if declared > settings.REQUEST_BODY_MAX_SIZE:
            limit = settings.REQUEST_BODY_MAX_SIZE // (1024 * 1024)
            response = HttpResponse(
                f"The request is too large: the limit is {limit} MB.",
                status=413,
                content_type="text/plain",
            )
            # The client may still be sending; tell it this connection ends here.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the site's own policy header built once per process.

    django-csp builds the header from the settings on every response, copying the policy's
    dicts each time, though no view here changes it: a few per cent of an autosave's CPU at an
    exam window's busiest. A response that asks for a policy of its own (`csp_update`,
    `csp_replace`, `csp_exempt`...) or a request that drew a nonce goes through django-csp's
    own path, unchanged."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE_POLICY
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # as django-csp: Django's debug pages keep their inline styles
        for header, policy in _site_policy():
            if header not in response and not request.path_info.startswith(policy.prefixes):
                response[header] = policy.value
        # As django-csp: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


# What a view's csp_* decorator sets on its response (csp/decorators.py).
_PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


@dataclass(frozen=True)
class _Policy:
    value: str
    prefixes: tuple[str, ...]  # EXCLUDE_URL_PREFIXES: paths that get no header


@cache
def _site_policy() -> tuple[tuple[str, _Policy], ...]:
    """The headers the settings' policies give, as django-csp builds them."""
    policies = []
    for header, setting, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        value = build_policy(report_only=report_only)
        if value:
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES")
            policies.append((header, _Policy(value, tuple(prefixes or ()))))
    return tuple(policies)


@receiver(setting_changed)
def _forget_site_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy.cache_clear()


class NoNulInPagesMiddleware:
    """A page never holds a NUL character: each is written as U+FFFD, as a browser shows it.

    A refused value is shown back on its page (a search box, "Select a valid choice. ... is not
    one of the available choices"), and Django's fields refuse a NUL with a message of their
    own; but no HTML document may hold one raw. Done once here rather than in each place a
    page writes what was sent: field values, error messages, notices. UTF-8 never uses the
    byte 0 but for NUL itself. Streamed responses (downloads) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and b"\x00" in response.content
        ):
            response.content = response.content.replace(b"\x00", "\ufffd".encode())
        return response
