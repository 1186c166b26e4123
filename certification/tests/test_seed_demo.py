import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.access import has_role
from accounts.demo import DEMO_PASSWORD, DEMO_PEOPLE
from accounts.models import AuditEntry, User


def snapshot():
    return {
        "users": User.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "emails": EmailAddress.objects.filter(verified=True).count(),
        "audit": AuditEntry.objects.count(),
        "groups": Group.objects.count(),
    }


@pytest.mark.django_db
def test_it_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = snapshot()

    call_command("seed_demo")

    assert snapshot() == first
    # Every listed login exists (the exams' seeds add past candidates for the statistics too).
    emails = [person.email for person in DEMO_PEOPLE]
    assert User.objects.filter(email__in=emails).count() == len(DEMO_PEOPLE)


@pytest.mark.django_db
def test_it_prints_a_login_for_every_role(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")

    out = capsys.readouterr().out
    for person in DEMO_PEOPLE:
        assert person.email in out
    assert DEMO_PASSWORD in out


@pytest.mark.django_db
def test_each_demo_login_reaches_its_role_home(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")

    for person in DEMO_PEOPLE:
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": person.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, person.email
        user = User.objects.get(email=person.email)
        assert all(has_role(user, role) for role in person.roles)
        assert client.get(reverse("home"), follow=True).status_code == 200


@pytest.mark.django_db
def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")

    assert not User.objects.exists()
