"""The signed-in layout reads the person's roles and menu without querying for them, and the
roles it keeps are never stale: a grant or revoke shows on the very next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts import access
from accounts.access import has_role, role_permission, roles_of
from accounts.roles import Role
from accounts.services import role_group
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.urls("certification.tests.layout_urls")

EMPTY_PAGE = "/empty/"
QUEUE = reverse("programs:verification_queue", urlconf="certification.urls")


def queue_link() -> str:
    return f'href="{QUEUE}"'


@pytest.mark.parametrize(
    "roles",
    [
        [Role.APPLICANT],
        [Role.PROGRAM_ADMIN],
        [Role.INSTRUCTOR],
        [Role.EXAMINER],
        [Role.PROGRAM_ADMIN, Role.INSTRUCTOR, Role.EXAMINER],
    ],
)
def test_it_renders_the_layout_with_only_the_user_query(
    client, db, django_assert_max_num_queries, roles
):
    person = UserFactory(roles=roles)
    client.force_login(person)
    client.get(EMPTY_PAGE)  # the first request of a person reads their roles once

    # the session comes from the cache (accounts/sessions.py), the roles from the process
    with django_assert_max_num_queries(1):
        response = client.get(EMPTY_PAGE)

    assert response.status_code == 200
    assert 'data-testid="role-navigation"' in response.content.decode()


def test_a_granted_role_shows_in_the_menu_and_opens_its_pages_on_the_next_request(
    client, admin_user, applicant
):
    from django.test import Client

    client.force_login(applicant)
    assert queue_link() not in client.get(EMPTY_PAGE).content.decode()
    assert client.get(QUEUE).status_code == 403
    admin = Client()
    admin.force_login(admin_user)

    admin.post(
        reverse("accounts:change_role", args=[applicant.pk]),
        {"role": Role.INSTRUCTOR.value, "action": "grant"},
    )

    assert queue_link() in client.get(EMPTY_PAGE).content.decode()
    assert client.get(QUEUE).status_code == 200

    admin.post(
        reverse("accounts:change_role", args=[applicant.pk]),
        {"role": Role.INSTRUCTOR.value, "action": "revoke"},
    )

    assert queue_link() not in client.get(EMPTY_PAGE).content.decode()
    assert client.get(QUEUE).status_code == 403


def test_a_group_change_outside_the_services_reaches_the_next_request(client, instructor):
    client.force_login(instructor)
    assert client.get(QUEUE).status_code == 200

    role_group(Role.INSTRUCTOR).user_set.remove(instructor)  # as the back-office would

    assert client.get(QUEUE).status_code == 403
    assert queue_link() not in client.get(EMPTY_PAGE).content.decode()

    instructor.groups.add(role_group(Role.INSTRUCTOR))

    assert client.get(QUEUE).status_code == 200


def test_a_copy_kept_under_an_older_version_is_not_trusted(client, instructor):
    client.force_login(instructor)
    assert client.get(QUEUE).status_code == 200
    kept = dict(access._known_roles)

    role_group(Role.INSTRUCTOR).user_set.remove(instructor)
    access._known_roles.update(kept)  # as another process, which saw no signal, still holds it

    assert client.get(QUEUE).status_code == 403


def test_clearing_a_persons_groups_reaches_the_next_request(client, instructor):
    client.force_login(instructor)
    assert client.get(QUEUE).status_code == 200

    role_group(Role.INSTRUCTOR).user_set.clear()

    assert client.get(QUEUE).status_code == 403


def test_taking_the_permission_from_a_group_reaches_its_members(client, instructor):
    client.force_login(instructor)
    assert client.get(QUEUE).status_code == 200
    group = role_group(Role.INSTRUCTOR)
    permission = Permission.objects.get(codename=role_permission(Role.INSTRUCTOR).split(".")[1])

    group.permissions.remove(permission)

    assert client.get(QUEUE).status_code == 403

    group.permissions.add(permission)

    assert client.get(QUEUE).status_code == 200


def test_deleting_a_group_reaches_its_members(client, db):
    person = UserFactory(roles=[Role.APPLICANT])
    extra = Group.objects.create(name="temporary teachers")
    extra.permissions.add(
        Permission.objects.get(codename=role_permission(Role.INSTRUCTOR).split(".")[1])
    )
    person.groups.add(extra)
    client.force_login(person)
    assert client.get(QUEUE).status_code == 200

    extra.delete()

    assert client.get(QUEUE).status_code == 403


def test_it_reads_roles_as_has_perm_does(db):
    person = UserFactory(roles=[Role.EXAMINER])
    direct = UserFactory(roles=[])
    direct.user_permissions.add(
        Permission.objects.get(codename=role_permission(Role.INSTRUCTOR).split(".")[1])
    )
    superuser = UserFactory(roles=[], is_superuser=True)
    inactive = UserFactory(roles=[Role.PROGRAM_ADMIN], is_active=False)

    assert roles_of(person) == {Role.EXAMINER}
    assert has_role(direct, Role.INSTRUCTOR)
    assert roles_of(superuser) == set(Role)
    assert not has_role(inactive, Role.PROGRAM_ADMIN)
    for user in (person, direct, superuser, inactive):
        fresh = type(user).objects.get(pk=user.pk)
        for role in Role:
            assert has_role(fresh, role) == fresh.has_perm(role_permission(role)), (user, role)
