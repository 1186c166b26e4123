import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.access import has_role
from accounts.models import AuditEntry, User
from accounts.roles import Role

SIGNUP = {
    "full_legal_name": "Maria Elena Gonzalez",
    "family_name": "Gonzalez",
    "email": "Maria.Gonzalez@Example.test",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


def confirmation_link(mail):
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.body).group(0)


@pytest.mark.django_db
def test_it_creates_an_applicant_with_the_legal_name(client, mailoutbox):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "maria.gonzalez@example.test"
    assert user.full_legal_name == "Maria Elena Gonzalez"
    assert user.family_name == "Gonzalez"
    assert has_role(user, Role.APPLICANT)
    assert not has_role(user, Role.PROGRAM_ADMIN)
    assert AuditEntry.objects.filter(action="account.signed_up", target_id=str(user.pk)).exists()
    assert len(mailoutbox) == 1 and "confirm" in mailoutbox[0].body.lower()


@pytest.mark.django_db
def test_it_requires_a_full_legal_name(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_legal_name": "Maria"})

    assert response.status_code == 200
    assert "given name and surname" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_refuses_login_until_the_email_is_verified(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("certification:dashboard")).status_code == 302

    client.post(confirmation_link(mailoutbox[-1]))
    assert EmailAddress.objects.get(email="maria.gonzalez@example.test").verified

    response = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("certification:dashboard")
    assert client.get(reverse("certification:dashboard")).status_code == 200


@pytest.mark.django_db
def test_it_does_not_reveal_that_an_email_is_taken(client, applicant, mailoutbox):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": applicant.email})

    # Same answer as a fresh sign-up; the owner is told by e-mail instead.
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert mailoutbox[-1].to == [applicant.email]
