"""In the browser, on a phone's width: an admin goes from the sittings list to the ready queue,
finds the candidate by name, and schedules their sitting; no page scrolls sideways, and the
queue (searched) and the form pass axe-core at 390 and 1280 px."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from certification.tests.test_browser_every_page import AXE, AXE_RUN
from exams.models import PracticalSitting
from programs.tests.factories import program_with_hands_on, trainee_with_hands_on_complete

from .factories import rubric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def axe_problems(page) -> list[str]:
    """Serious and critical WCAG 2.2 AA violations at a phone's and a laptop's width."""
    problems = []
    for width in (WIDTH, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        problems += [
            f"{width} px: {v['id']} on {json.dumps(v['nodes'])}" for v in page.evaluate(AXE_RUN)
        ]
    page.set_viewport_size({"width": WIDTH, "height": 844})
    return problems


@pytest.fixture
def admin_page(browser, live_server):
    # bypass_csp: the test injects axe-core as a script; the site's own policy stays strict.
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": WIDTH, "height": 844}
    )
    client = Client()
    client.force_login(UserFactory(roles=[Role.PROGRAM_ADMIN]))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_an_admin_finds_the_candidate_in_the_queue_and_schedules_them(admin_page):
    program = program_with_hands_on(name="Glabellar Lines Program")
    rubric(program=program, name="Glabellar practical")
    chosen = trainee_with_hands_on_complete(
        program,
        full_legal_name="Maria Okafor-Whitfield Alexandrescu",
        email="maria.okafor-whitfield.alexandrescu@long-clinic-name.test",
    )
    for n in range(3):
        trainee_with_hands_on_complete(program, full_legal_name=f"Bruno Costa {n}")
    page = admin_page

    page.goto("/staff/practical/sittings/")
    assert fits(page)
    page.get_by_role("link", name="Schedule a sitting: choose a candidate").click()
    page.get_by_role("heading", name="Ready for the practical exam").wait_for()
    assert page.locator("[data-waiting]").inner_text() == "4 waiting"
    search = page.get_by_role("search", name="Search the ready queue")
    field = search.get_by_label("Name or e-mail")
    # the longest search, unbroken, matching no one: said so, and the page still fits
    field.fill("okafor" * 16)
    search.get_by_role("button", name="Search").click()
    page.get_by_text("No one waiting matches").first.wait_for()
    assert fits(page)
    # a search too long for the field: refused with the reason, and the page still fits
    field.evaluate("input => input.removeAttribute('maxlength')")
    field.fill("okafor" * 50)
    search.get_by_role("button", name="Search").click()
    page.get_by_text("Nothing is listed until the filters are valid.").wait_for()
    assert fits(page)

    field.fill("okafor")
    search.get_by_role("button", name="Search").click()
    page.get_by_text("1 waiting matches “okafor”").wait_for()
    assert page.locator("[data-enrollment]").count() == 1
    assert fits(page)
    assert axe_problems(page) == []
    page.get_by_role("link", name="Schedule Maria Okafor-Whitfield Alexandrescu").click()
    page.get_by_role("heading", name="Schedule a practical exam").wait_for()
    assert "maria.okafor-whitfield.alexandrescu@" in page.locator("[data-candidate]").inner_text()
    assert fits(page)
    assert axe_problems(page) == []
    page.get_by_label("Rubric").select_option(label="Glabellar practical")
    start = timezone.localtime() + timedelta(days=7)
    page.get_by_label("Starts at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place").fill("Clinic room 3")
    page.get_by_role("button", name="Schedule", exact=True).click()
    page.get_by_text("Sitting scheduled. Now assign its examiners.").wait_for()

    assert PracticalSitting.objects.get().candidate == chosen.applicant


def test_a_program_without_a_rubric_is_said_on_the_form_at_both_widths(admin_page):
    program = program_with_hands_on(name="Perioral Lines and Marionette Folds Program")
    chosen = trainee_with_hands_on_complete(program, full_legal_name="Maria Okafor")
    page = admin_page

    page.goto(f"/staff/practical/sittings/new/?enrollment={chosen.pk}")

    notice = page.locator("[data-no-rubric]")
    assert "has no rubric yet" in notice.inner_text()
    assert notice.get_by_role("link", name="create the rubric").is_visible()
    assert fits(page)
    assert axe_problems(page) == []
    page.get_by_role("button", name="Schedule", exact=True).click()
    page.get_by_text("has no rubric yet: create its rubric, then schedule.").wait_for()
    assert not PracticalSitting.objects.exists()
