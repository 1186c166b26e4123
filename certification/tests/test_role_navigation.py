"""Each role sees its own navigation and pages, and no other role's."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from certification.menus import declarations

# Every staff role works from the staff home; applicants from their pathway.
ROLE_HOME = {
    Role.APPLICANT: "certification:dashboard",
    Role.PROGRAM_ADMIN: "certification:staff_home",
    Role.INSTRUCTOR: "certification:staff_home",
    Role.EXAMINER: "certification:staff_home",
}
ENTRIES = declarations()[0]
ALL_ROLE_URLS = [(entry.roles, entry.url_name) for entry in ENTRIES]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.django_db
def test_it_sends_each_role_home_to_its_own_page(client, user_for_role, role):
    client.force_login(user_for_role[role])

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse(ROLE_HOME[role])
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.django_db
def test_it_shows_each_role_only_its_own_navigation(client, user_for_role, role):
    client.force_login(user_for_role[role])

    html = client.get(reverse(ROLE_HOME[role])).content.decode()

    for roles, url_name in ALL_ROLE_URLS:
        link = f'href="{reverse(url_name)}"'
        assert (link in html) == (role in roles), (roles, url_name)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page_roles, url_name", ALL_ROLE_URLS)
@pytest.mark.django_db
def test_it_refuses_another_roles_pages(client, user_for_role, role, page_roles, url_name):
    client.force_login(user_for_role[role])

    response = client.get(reverse(url_name))

    assert response.status_code == (200 if role in page_roles else 403)


@pytest.mark.parametrize("page_roles, url_name", ALL_ROLE_URLS)
@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_sign_in(client, page_roles, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_it_shows_the_landing_page_to_anonymous_visitors(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert reverse("account_signup") in response.content.decode()


@pytest.mark.django_db
def test_it_shows_every_held_role_to_a_person_with_several(client):
    from accounts.tests.factories import UserFactory

    person = UserFactory(roles=[Role.INSTRUCTOR, Role.EXAMINER])
    client.force_login(person)

    html = client.get(reverse("home"), follow=True).content.decode()

    assert reverse("programs:instructor_home") in html
    assert reverse("exams:examiner_home") in html
    assert reverse("accounts:people") not in html
