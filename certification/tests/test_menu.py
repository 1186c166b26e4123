"""The menu: each app's own entries, grouped by what people do, the current page marked."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from certification.menus import menu_for

ROOT = Path(__file__).resolve().parents[2]
LATER_APPS = ("programs", "exams", "certification")


def test_the_bottom_app_names_no_later_apps_pages_or_modules():
    sources = [
        path
        for path in (ROOT / "accounts").rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]
    sources += list((ROOT / "templates" / "accounts").rglob("*.html"))
    for path in sources:
        text = path.read_text()
        for app in LATER_APPS:
            assert not re.search(rf"[\"']{app}:|\b(from|import) {app}\b", text), (path, app)


def labels(groups):
    return [(group.label, [link.label for link in group.links]) for group in groups]


@pytest.mark.django_db
def test_it_groups_the_admins_work_by_what_people_do():
    groups = menu_for(frozenset({Role.PROGRAM_ADMIN}))

    assert [group.label for group in groups] == [
        "Work list",
        "Qualifications",
        "Programs",
        "Exams",
        "Certificates",
        "People",
    ]
    assert all(group.dropdown for group in groups[1:4]) and not groups[0].dropdown
    assert "Review queue" in labels(groups)[1][1]


@pytest.mark.django_db
def test_it_gives_applicants_the_five_steps_in_order():
    (group,) = menu_for(frozenset({Role.APPLICANT}))

    assert not group.dropdown
    assert [link.label for link in group.links] == [
        "My pathway",
        "1. Qualifications",
        "2. Enrollment",
        "3. Training",
        "4. Written exam",
        "5. Practical exam",
    ]


@pytest.mark.django_db
def test_it_puts_a_staff_members_own_pathway_in_one_dropdown():
    groups = menu_for(frozenset({Role.APPLICANT, Role.EXAMINER}))

    assert [(g.label, g.dropdown) for g in groups] == [
        ("Work list", False),
        ("Exams", False),
        ("My certification", True),
    ]


def test_it_marks_the_current_page_and_offers_a_skip_link(client, admin_user):
    client.force_login(admin_user)

    html = client.get(reverse("accounts:review_queue")).content.decode()

    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>', html)
    assert len(current) == 1 and f'href="{reverse("accounts:review_queue")}"' in current[0]
    assert '<a class="visually-hidden-focusable skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_it_shows_the_menu_per_person_not_per_role_set_cache_entry(client, db):
    first = UserFactory(full_legal_name="First Examiner", roles=[Role.EXAMINER])
    second = UserFactory(full_legal_name="Second Examiner", roles=[Role.EXAMINER])
    client.force_login(first)
    client.get(reverse("certification:staff_home"))
    client.force_login(second)

    html = client.get(reverse("certification:staff_home")).content.decode()

    assert "Second Examiner" in html and "First Examiner" not in html


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("background", ["#f8f9fa", "#ffffff"])  # bg-body-tertiary, cards
@pytest.mark.parametrize("variable", ["--bs-link-color", "--bs-link-hover-color"])
def test_links_reach_aa_contrast_on_the_page_and_on_cards(variable, background):
    css = (ROOT / "static" / "css" / "app.css").read_text()
    colour = re.search(rf"{variable}:\s*(#[0-9a-fA-F]{{6}})", css).group(1)

    assert contrast(colour, background) >= 4.5
