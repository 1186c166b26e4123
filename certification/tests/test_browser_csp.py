"""Pages work under the Content-Security-Policy in a real browser: nothing is refused (the
browser reports every violation on the console), the progress bars still show progress."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations_on(page, path: str) -> list[str]:
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(path)
    page.wait_for_load_state("load")
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_public_and_allauth_pages_load_without_a_violation(new_page, path):
    assert violations_on(new_page(), path) == []


def test_the_admin_works_without_a_violation(new_page):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    page = new_page(superuser)

    assert violations_on(page, "/admin/") == []
    assert violations_on(page, "/admin/accounts/user/") == []
    assert violations_on(page, f"/admin/accounts/user/{superuser.pk}/change/") == []
    page.get_by_role("button", name="Save").first.wait_for()


def test_the_dashboard_progress_bars_keep_their_width(new_page, applicant):
    page = new_page(applicant)

    assert violations_on(page, reverse("certification:dashboard")) == []
    assert page.get_by_role("heading", name="Your certification pathway").is_visible()
    progress = page.locator(".progress-thin")
    if progress.count():  # steps with a measure show a thin bar, its width from a class
        assert progress.first.evaluate("el => el.offsetHeight") <= 10
