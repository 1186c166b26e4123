"""Under MFA_REQUIRED_FOR_STAFF, staff reach no staff page without a second factor; with an
authenticator app they sign in in two steps and reach them. In the demo it is only offered."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from accounts.tests.factories import PASSWORD


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["admin_user", "instructor", "examiner"])
def test_it_sends_staff_without_a_second_factor_to_set_one_up(
    client, required, role_fixture, request
):
    member = request.getfixturevalue(role_fixture)
    sign_in(client, member)

    for url in (reverse("home"), "/staff/", reverse("accounts:people")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_index")


def reauthenticate(client):
    # allauth asks for the password again before a factor is added (a session alone is not
    # enough to change how the account signs in).
    return client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


@pytest.mark.django_db
def test_it_keeps_the_set_up_pages_open_inside_the_site_layout(client, required, admin_user):
    sign_in(client, admin_user)
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    reauthenticate(client)

    for name in ("mfa_index", "mfa_activate_totp", "mfa_add_webauthn"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        # The site's own layout (its navigation bar), not allauth's bare page.
        assert 'class="navbar' in response.content.decode()


@pytest.mark.django_db
def test_it_loads_allauths_webauthn_script(client, required, admin_user):
    sign_in(client, admin_user)
    reauthenticate(client)

    page = client.get(reverse("mfa_add_webauthn")).content.decode()

    for script in ("mfa/js/webauthn-json.js", "mfa/js/webauthn.js", "account/js/onload.js"):
        assert f'src="/static/{script}"' in page
        # Served locally (finders in the embedded mode, collectstatic in production).
        from django.contrib.staticfiles import finders

        assert finders.find(script), script


@pytest.mark.django_db
def test_it_refuses_staff_posts_too(client, required, admin_user, applicant):
    sign_in(client, admin_user)

    response = client.post(
        reverse("accounts:change_role", args=[applicant.pk]),
        {"role": "instructor", "action": "grant"},
    )

    assert response.status_code == 302
    assert not applicant.groups.filter(name="instructor").exists()


@pytest.mark.django_db
def test_it_lets_staff_in_after_the_code_of_their_authenticator_app(client, required, admin_user):
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)

    response = sign_in(client, admin_user)
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the password alone opens nothing.
    assert client.get("/staff/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_it_activates_an_authenticator_app_through_the_set_up_page(client, required, admin_user):
    sign_in(client, admin_user)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert Authenticator.objects.filter(user=admin_user, type="totp").exists()
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_it_does_not_ask_applicants(client, required, applicant):
    sign_in(client, applicant)

    assert client.get(reverse("accounts:qualifications")).status_code == 200


@pytest.mark.django_db
def test_it_only_offers_it_in_the_demo(client, settings, admin_user):
    settings.MFA_REQUIRED_FOR_STAFF = False
    sign_in(client, admin_user)

    assert client.get("/staff/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_the_production_settings_require_it():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_SITE_URL": "https://example.org",
        "DJANGO_CREDENTIAL_SIGNING_KEY_FILE": "/run/secrets/credential-signing-key.pem",
    }
    env.pop("DJANGO_MFA_REQUIRED_FOR_STAFF", None)
    code = "from certification import settings as s; print(s.MFA_REQUIRED_FOR_STAFF)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"
