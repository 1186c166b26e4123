import pytest
from django.conf import settings
from django.urls import reverse

from accounts.access import has_role
from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.tests.factories import UserFactory


def change_role(client, person, role, action):
    return client.post(
        reverse("accounts:change_role", args=[person.pk]), {"role": role.value, "action": action}
    )


@pytest.mark.django_db
def test_it_grants_a_role_and_audits_it(client, admin_user, applicant):
    client.force_login(admin_user)

    response = change_role(client, applicant, Role.INSTRUCTOR, "grant")

    assert response.status_code == 302
    assert has_role(applicant, Role.INSTRUCTOR)
    entry = AuditEntry.objects.get(action="role.granted")
    assert (entry.actor, entry.target_id, entry.to_state) == (
        admin_user,
        str(applicant.pk),
        Role.INSTRUCTOR,
    )


@pytest.mark.django_db
def test_it_makes_program_admins_back_office_staff(client, admin_user, applicant):
    client.force_login(admin_user)

    change_role(client, applicant, Role.PROGRAM_ADMIN, "grant")
    applicant.refresh_from_db()
    assert applicant.is_staff

    change_role(client, applicant, Role.PROGRAM_ADMIN, "revoke")
    applicant.refresh_from_db()
    assert not applicant.is_staff


@pytest.mark.django_db
def test_it_revokes_a_role_and_audits_it(client, admin_user, examiner):
    client.force_login(admin_user)

    change_role(client, examiner, Role.EXAMINER, "revoke")

    examiner = type(examiner).objects.get(pk=examiner.pk)  # fresh permission cache
    assert not has_role(examiner, Role.EXAMINER)
    assert AuditEntry.objects.filter(action="role.revoked", actor=admin_user).count() == 1


@pytest.mark.django_db
def test_it_refuses_changing_your_own_roles(client, admin_user):
    client.force_login(admin_user)

    response = change_role(client, admin_user, Role.PROGRAM_ADMIN, "revoke")

    assert response.status_code == 302
    assert has_role(type(admin_user).objects.get(pk=admin_user.pk), Role.PROGRAM_ADMIN)
    assert not AuditEntry.objects.filter(action="role.revoked").exists()


@pytest.mark.django_db
def test_it_requires_the_program_admin_role(client, instructor, applicant):
    client.force_login(instructor)

    response = change_role(client, applicant, Role.EXAMINER, "grant")

    assert response.status_code == 403
    assert not has_role(applicant, Role.EXAMINER)


@pytest.mark.django_db
def test_it_rejects_get(client, admin_user, applicant):
    client.force_login(admin_user)

    assert client.get(reverse("accounts:change_role", args=[applicant.pk])).status_code == 405


@pytest.mark.django_db
def test_it_records_nothing_when_the_role_is_already_held(client, admin_user, examiner):
    client.force_login(admin_user)

    change_role(client, examiner, Role.EXAMINER, "grant")

    assert not AuditEntry.objects.filter(action="role.granted").exists()


@pytest.mark.django_db
def test_the_people_page_keeps_its_query_count_as_people_grow(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    UserFactory.create_batch(3)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("accounts:people"))
    UserFactory.create_batch(30, roles=[Role.APPLICANT, Role.EXAMINER])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("accounts:people"))
    # 34 people, one full page of them.
    assert response.content.decode().count("data-person=") == settings.PAGE_SIZE
