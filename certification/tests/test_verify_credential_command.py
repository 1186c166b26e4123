"""`manage.py verify_credential FILE` checks a credential end to end and says so by its exit
status: 0 valid, 1 not authentic, 2 authentic but not in force."""

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import ReviewStatus
from certification import credentials, services

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)
from .credential_keys import KEY_B, signing_key  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("certificate_storage", "signing_key"),
]


def _run(path, *args) -> tuple[int, str]:
    """The exit status manage.py would give (Django exits with CommandError.returncode)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_credential", str(path), *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def _saved(tmp_path, certificate) -> str:
    path = tmp_path / "certificate.jwt"
    path.write_text(credentials.signed_credential(certificate))
    return path


def test_it_accepts_a_valid_credential(tmp_path):
    code, output = _run(_saved(tmp_path, issued_certificate()))

    assert code == 0
    assert "VALID" in output
    assert "revocation bit is clear" in output


def test_it_refuses_a_tampered_credential(tmp_path):
    path = _saved(tmp_path, issued_certificate())
    head, payload, signature = path.read_text().split(".")
    path.write_text(".".join([head, payload[:-4] + "AAAA", signature]))

    code, output = _run(path)

    assert code == 1
    assert "NOT AUTHENTIC" in output


def test_it_says_not_in_force_once_revoked(
    tmp_path, admin_user, django_capture_on_commit_callbacks
):
    certificate = issued_certificate()
    path = _saved(tmp_path, certificate)
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Misconduct")

    code, output = _run(path)

    assert code == 2
    assert "REVOKED" in output


def test_it_says_suspended_while_the_license_lapsed(tmp_path):
    certificate = issued_certificate()
    certificate.holder.medical_licenses.update(status=ReviewStatus.EXPIRED)

    code, output = _run(_saved(tmp_path, certificate))

    assert code == 2
    assert "SUSPENDED" in output


def test_it_says_expired_after_its_validity(tmp_path):
    today = timezone.localdate()
    certificate = issued_certificate(
        issued_on=today - timedelta(days=800), expires_on=today - timedelta(days=1)
    )

    code, output = _run(_saved(tmp_path, certificate))

    assert code == 2
    assert "EXPIRED" in output


def test_it_checks_against_a_saved_key_set(tmp_path, client):
    path = _saved(tmp_path, issued_certificate())
    right = tmp_path / "jwks.json"
    right.write_text(client.get("/.well-known/jwks.json").content.decode())
    wrong = tmp_path / "other.json"
    wrong.write_text(json.dumps({"keys": [KEY_B.as_dict(private=False)]}))

    assert _run(path, "--jwks", str(right))[0] == 0
    assert _run(path, "--jwks", str(wrong))[0] == 1


def test_it_fails_on_a_missing_or_unreadable_file(tmp_path):
    assert _run(tmp_path / "nothing.jwt")[0] == 1
    garbage = tmp_path / "garbage.jwt"
    garbage.write_bytes(b"\xff\xfe not a token")
    assert _run(garbage)[0] == 1


def test_a_status_list_made_in_the_next_second_is_still_current(tmp_path):
    # `verify` takes the time first, then makes (and signs) the status list: when the second
    # ticked over in between, the list's validFrom was after it and a valid credential read as
    # not authentic (seen once in a full run on a loaded machine).
    import time

    from django.core.cache import cache

    token = credentials.signed_credential(issued_certificate())
    cache.clear()  # the status list is made during the check, at the current second

    verdict = credentials.verify(token, now=int(time.time()) - 1)

    assert verdict.authentic, verdict.checks
    assert verdict.status == "valid"
