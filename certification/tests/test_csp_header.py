"""The site's policy header is built once per process (certification.middleware.CSPMiddleware)
and is the header django-csp builds; a view that asks for its own policy still gets it."""

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from certification.middleware import CSPMiddleware


def _respond(view):
    request = RequestFactory().get("/somewhere/")
    middleware = CSPMiddleware(view)
    return middleware(request)


def _plain(request):
    return HttpResponse("ok")


def test_the_site_policy_is_django_csps():
    response = _respond(_plain)

    assert response["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_view_that_updates_the_policy_gets_its_own():
    response = _respond(csp_update({"img-src": ["https://maps.example"]})(_plain))

    assert "https://maps.example" in response["Content-Security-Policy"]
    assert response["Content-Security-Policy"] != build_policy()


def test_an_exempt_view_gets_no_header():
    response = _respond(csp_exempt()(_plain))

    assert "Content-Security-Policy" not in response


def test_a_nonce_drawn_by_the_view_is_in_its_header():
    def view(request):
        return HttpResponse(str(request.csp_nonce))

    policy = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        response = _respond(view)

    assert f"'nonce-{response.content.decode()}'" in response["Content-Security-Policy"]


def test_a_nonce_asked_for_after_the_header_is_refused():
    request = RequestFactory().get("/")
    CSPMiddleware(_plain)(request)

    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)


def test_a_changed_setting_is_the_header_at_once():
    policy = {"DIRECTIVES": {"default-src": ["'none'"]}, "EXCLUDE_URL_PREFIXES": ["/open/"]}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=policy):
        response = _respond(_plain)
        excluded = CSPMiddleware(_plain)(RequestFactory().get("/open/page/"))

    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    assert "Content-Security-Policy-Report-Only" not in excluded
    assert "Content-Security-Policy-Report-Only" not in _respond(_plain)
