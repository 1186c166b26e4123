"""The back-office (Django admin) is for superusers only; program admins use the staff pages,
where every change goes through an audited service (README: "Back-office")."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_it_refuses_program_admins_even_with_staff_status(client, admin_user):
    assert admin_user.is_staff  # what the role grants; it no longer opens the back-office
    client.force_login(admin_user)

    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_it_refuses_applicants(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302


@pytest.mark.django_db
def test_it_opens_for_superusers(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_auditentry_changelist")).status_code == 200
