"""Every role's pages fit the window on a phone, a laptop and a wide screen, with the demo data,
and every link and button of the menu has an accessible name."""

import pytest
from django.core.management import call_command

from accounts.access import roles_of
from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import UserFactory, ensure_reference_data
from certification.menus import menu_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280, 1920)
PEOPLE = {
    "applicant": "trainee@demo.test",
    "program admin": "admin@demo.test",
    "instructor": "instructor@demo.test",
    "examiner": "examiner@demo.test",
    "admin + instructor + examiner": None,  # made below: the demo has no such person
}

# What the page reports: how wide it is, and each nav control that has no accessible name.
MEASURE = """() => {
  const named = (el) => {
    const labelledby = (el.getAttribute('aria-labelledby') || '').split(' ')
      .map((id) => document.getElementById(id)).filter(Boolean)
      .map((ref) => ref.textContent).join(' ');
    return (el.getAttribute('aria-label') || labelledby || el.textContent || el.title || '').trim();
  };
  const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    brandRight: brand.right,
    unnamed: [...document.querySelectorAll('nav a, nav button')]
      .filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 120)),
  };
}"""


@pytest.fixture
def demo_people(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    ensure_reference_data()  # a transactional test before this one may have flushed it
    call_command("seed_demo", verbosity=0)
    people = {name: User.objects.get(email=email) for name, email in PEOPLE.items() if email}
    people["admin + instructor + examiner"] = UserFactory(
        email="three.roles@demo.test",
        full_legal_name="Morgan Three-Roles Alexander-Whitfield",
        roles=[Role.PROGRAM_ADMIN, Role.INSTRUCTOR, Role.EXAMINER],
    )
    return people


def pages_of(user) -> list[str]:
    return [link.url for group in menu_for(roles_of(user)) for link in group.links]


def check(page, where: str, problems: list[str]) -> None:
    found = page.evaluate(MEASURE)
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(f"{where}: {found['scrollWidth']} px wide in {found['innerWidth']} px")
    if found["brandRight"] > found["innerWidth"]:
        problems.append(f"{where}: the site name runs off the screen")
    problems.extend(f"{where}: no accessible name: {html}" for html in found["unnamed"])


def test_every_roles_pages_fit_the_window_and_name_every_menu_control(new_page, demo_people):
    problems: list[str] = []
    for name, user in demo_people.items():
        page = new_page(user)
        urls = pages_of(user)
        assert urls, name
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for url in urls:
                response = page.goto(url)
                assert response.status == 200, (name, url)
                check(page, f"{name} {url} at {width}", problems)
            # The menu itself, opened: collapsed behind its button on a phone, dropdowns else.
            page.goto(urls[0])
            toggler = page.locator(".navbar-toggler")
            if toggler.is_visible():
                toggler.click()
                page.locator("#main-nav.show").wait_for()
            for dropdown in page.locator("nav .dropdown-toggle").all():
                dropdown.click()
                page.locator("nav .dropdown-menu.show").first.wait_for()
                check(page, f"{name} menu '{dropdown.inner_text().strip()}' at {width}", problems)
                menu_box = page.locator("nav .dropdown-menu.show").first.bounding_box()
                if menu_box["x"] < 0 or menu_box["x"] + menu_box["width"] > width:
                    problems.append(f"{name} menu '{dropdown.inner_text()}' at {width} is cut off")
                dropdown.click()
    assert not problems, "\n".join(problems)


def test_the_skip_link_and_a_visible_focus_outline_come_first_from_the_keyboard(new_page):
    page = new_page(UserFactory(roles=[Role.PROGRAM_ADMIN]))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/staff/")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const el = document.activeElement, box = el.getBoundingClientRect(),
                    style = getComputedStyle(el);
                   return {text: el.textContent.trim(), href: el.getAttribute('href'),
                           width: box.width, outline: style.outlineStyle,
                           link: getComputedStyle(document.documentElement)
                                   .getPropertyValue('--bs-link-color').trim()}; }"""
    )
    assert focused["text"] == "Skip to the main content" and focused["href"] == "#main"
    assert focused["width"] > 50  # shown on focus, not left 1 px wide off screen
    assert focused["outline"] == "solid"
    assert focused["link"] == "#0a58ca"  # the AA link colour of app.css is the one in force

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
