import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_it_logs_in_with_email_and_password(client, applicant):
    response = login(client, "APPLICANT@example.test", PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("certification:dashboard")).status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_wrong_password(client, applicant):
    response = login(client, applicant.email, "not-the-password")

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get(reverse("certification:dashboard")).status_code == 302


@pytest.mark.django_db
def test_it_rate_limits_failed_logins_for_an_account(client, applicant):
    for _ in range(5):
        assert login(client, applicant.email, "guess").status_code == 200

    # Even the right password is refused while the account is rate limited.
    response = login(client, applicant.email, PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("certification:dashboard")).status_code == 302


@pytest.mark.django_db
def test_it_logs_out_on_post(client, applicant):
    client.force_login(applicant)

    client.post(reverse("account_logout"))

    assert client.get(reverse("certification:dashboard")).status_code == 302
