"""In a browser, under the requirement: a staff member lands on the two-factor page, confirms
their password, and allauth's WebAuthn and TOTP pages work inside the site layout: their
scripts load from this site, no console error, nothing wider than a phone."""

import pytest

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_set_up_a_second_factor_in_the_site_layout(new_page, settings, live_server):
    settings.MFA_REQUIRED_FOR_STAFF = True
    admin = UserFactory(full_legal_name="Ada Admin", roles=[Role.PROGRAM_ADMIN])
    page = new_page(admin)
    page.set_viewport_size({"width": 390, "height": 800})
    errors, failed = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # The browser's own favicon probe is not a page's resource.
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )

    page.goto("/staff/")
    assert page.url.endswith("/accounts/2fa/")
    page.get_by_role("heading", name="Two-Factor Authentication").wait_for()

    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Add Security Key").wait_for()
    # The heading can be drawn before the page's scripts have run (on a loaded machine it was).
    page.wait_for_function("() => window.allauth !== undefined")

    assert page.evaluate("typeof window.allauth.webauthn") == "object"
    assert page.evaluate("typeof window.webauthnJSON") == "object"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto("/accounts/2fa/totp/activate/")
    qr = page.locator("img[src^='data:image/svg']")
    assert qr.evaluate("img => img.naturalWidth") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not failed, failed
    # Resources that failed are checked above by address (the favicon probe aside).
    assert not [e for e in errors if not e.startswith("Failed to load resource")], errors
