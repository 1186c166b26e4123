"""Request size caps: an oversized body is refused before it is read, never a server error."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_a_300_mb_upload_is_refused_with_413_before_it_is_read(client, applicant):
    client.force_login(applicant)

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        reverse("accounts:submit", args=["license"]),
        data=b"x",
        content_type="multipart/form-data; boundary=B",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert response["Connection"] == "close"


@pytest.mark.django_db
def test_a_bad_content_length_is_a_400(client):
    response = client.generic("POST", reverse("account_login"), data=b"x", CONTENT_LENGTH="9e99")

    assert response.status_code == 400


@pytest.mark.django_db
def test_form_fields_over_the_memory_cap_are_a_400(client):
    response = client.post(
        reverse("account_login"), {"login": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )

    assert response.status_code == 400


@pytest.mark.django_db
def test_too_many_fields_are_a_400(client):
    fields = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    assert client.post(reverse("account_login"), fields).status_code == 400


def test_the_caps_are_set_deliberately():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 5000
    # Above the largest document the forms accept (10 MB), far below 300 MB.
    assert 10 * 1024 * 1024 < settings.REQUEST_BODY_MAX_SIZE <= 50 * 1024 * 1024
