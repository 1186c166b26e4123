"""`?replaces=` on the new-license page: a value that is not a plain id is ignored (a plain new
submission), never a server error; a huge id finds nothing (404) rather than overflowing."""

import pytest
from django.urls import reverse

from accounts.parsing import parse_id

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "٣", "1\x00", "-3", " 4", "x" * 10_000, str(2**63)])
def test_the_new_license_page_ignores_a_replaces_value_that_is_not_an_id(client, applicant, value):
    client.force_login(applicant)

    response = client.get(reverse("accounts:submit", args=["license"]), {"replaces": value})

    assert response.status_code == 200
    assert response.context["replaces"] is None


def test_a_replaces_id_of_nobodys_license_is_not_found(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("accounts:submit", args=["license"]), {"replaces": 2**63 - 1})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("0", None),
        ("²", None),
        ("٣", None),
        (str(2**63), None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id_reads_only_plain_ascii_numbers_a_database_can_hold(value, expected):
    assert parse_id(value) == expected
