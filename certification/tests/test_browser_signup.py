import re

import pytest

from accounts.access import has_role
from accounts.models import User
from accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_applicant_signs_up_verifies_and_logs_in(page, live_server, mailoutbox):
    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()

    page.get_by_label("Full legal name").fill("Jordan Avery Brooks")
    page.get_by_label("Family name").fill("Brooks")
    page.get_by_label("Email").fill("jordan.brooks@example.test")
    page.get_by_placeholder("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_placeholder("Password (again)").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_text("Verify Your Email Address").first.wait_for()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Email").fill("jordan.brooks@example.test")
    page.get_by_placeholder("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role("heading", name="Your certification pathway").wait_for()
    assert page.get_by_role("link", name="My pathway").is_visible()
    assert has_role(User.objects.get(email="jordan.brooks@example.test"), Role.APPLICANT)
