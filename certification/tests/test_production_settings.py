"""The production settings (DJANGO_DEBUG=false) are checked in a fresh process, as deployed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-1234567890-zyxw",
    "DJANGO_ALLOWED_HOSTS": "certify.example.org",
    "DJANGO_SITE_URL": "https://certify.example.org",
    # Read when a credential is first signed; start-up only needs it named.
    "DJANGO_CREDENTIAL_SIGNING_KEY_FILE": "/run/secrets/credential-signing-key.pem",
}


def manage(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr


def test_it_has_no_default_secret_key_in_production():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_without_a_site_url_in_production():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SITE_URL"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be set" in result.stderr


def test_it_prints_the_configured_site_url_in_production():
    code = "from django.conf import settings as s; print(s.SITE_URL)"

    result = manage(
        "shell",
        "-c",
        code,
        env={**PRODUCTION_ENV, "DJANGO_SITE_URL": "https://certify.example.org/"},
    )

    assert result.stdout.strip().splitlines()[-1] == "https://certify.example.org", result.stderr


def test_the_embedded_mode_keeps_its_local_site_url():
    code = "from django.conf import settings as s; print(s.SITE_URL)"

    result = manage("shell", "-c", code, env={})

    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8000", result.stderr


def test_it_turns_on_secure_cookies_hsts_and_ssl_redirect():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000)"
    )

    result = manage("shell", "-c", code, env=PRODUCTION_ENV)

    assert result.stdout.strip().splitlines()[-1] == "False True True True True", result.stderr
