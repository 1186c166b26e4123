"""An admin resets another staff member's two-factor sign-in: audited, with a reason, never
their own."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.tests.factories import PASSWORD, UserFactory


def reset(client, member, reason="Lost phone; identity confirmed by video call"):
    return client.post(reverse("accounts:second_factor", args=[member.pk]), {"reason": reason})


@pytest.fixture
def colleague(db):
    return UserFactory(email="colleague@example.test", roles=[Role.PROGRAM_ADMIN])


@pytest.mark.django_db
def test_it_resets_audits_with_the_reason_and_tells_the_member(
    client, admin_user, instructor, mailoutbox, django_capture_on_commit_callbacks
):
    TOTP.activate(instructor, generate_totp_secret())
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = reset(client, instructor)

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=instructor).exists()
    entry = AuditEntry.objects.get(action="mfa.reset")
    assert (entry.actor, entry.subject, entry.target_id) == (
        admin_user,
        instructor,
        str(instructor.pk),
    )
    assert entry.reason == "Lost phone; identity confirmed by video call"
    assert entry.data["removed"] == ["totp"]
    assert [m.to for m in mailoutbox] == [[instructor.email]]
    assert "two-factor sign-in was reset" in mailoutbox[0].subject


@pytest.mark.django_db
def test_it_refuses_your_own(client, admin_user):
    TOTP.activate(admin_user, generate_totp_secret())
    client.force_login(admin_user)

    reset(client, admin_user)

    assert Authenticator.objects.filter(user=admin_user).exists()
    assert not AuditEntry.objects.filter(action="mfa.reset").exists()


@pytest.mark.django_db
def test_it_needs_a_reason(client, admin_user, colleague):
    TOTP.activate(colleague, generate_totp_secret())
    client.force_login(admin_user)

    response = reset(client, colleague, reason="   ")

    assert response.status_code == 200
    assert Authenticator.objects.filter(user=colleague).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["applicant", "instructor", "examiner"])
def test_it_is_for_program_admins_only(client, role_fixture, request, colleague):
    TOTP.activate(colleague, generate_totp_secret())
    client.force_login(request.getfixturevalue(role_fixture))

    assert reset(client, colleague).status_code == 403
    assert Authenticator.objects.filter(user=colleague).exists()


@pytest.mark.django_db
def test_after_a_reset_the_member_must_set_up_a_new_factor(client, settings, admin_user, examiner):
    settings.MFA_REQUIRED_FOR_STAFF = True
    TOTP.activate(admin_user, generate_totp_secret())
    TOTP.activate(examiner, generate_totp_secret())
    client.force_login(admin_user)
    reset(client, examiner)

    client.logout()
    client.post(reverse("account_login"), {"login": examiner.email, "password": PASSWORD})

    # No second step any more (nothing to ask for): straight to setting up a new factor.
    response = client.get(reverse("exams:examiner_home"))
    assert response["Location"] == reverse("mfa_index")


@pytest.mark.django_db
def test_the_page_shows_the_factors(client, admin_user, colleague, django_assert_max_num_queries):
    TOTP.activate(colleague, generate_totp_secret())
    client.force_login(admin_user)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("accounts:second_factor", args=[colleague.pk]))

    assert "TOTP Authenticator" in response.content.decode()
