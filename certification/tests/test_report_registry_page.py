"""The registry page: the rows and the counts by status of the chosen date, paged, in a
constant number of queries; the Reports entry in the admins' menu."""

from datetime import date

import pytest
from django.urls import reverse

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .reports import certificate_issued_on, revoke_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def test_it_lists_the_status_then_with_counts_in_constant_queries(
    client, admin_user, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 2
    certificates = [certificate_issued_on(date(2026, 1, 10)) for _ in range(3)]
    revoke_on(date(2026, 4, 1), certificates[0], admin_user)
    client.force_login(admin_user)
    url = reverse("certification:reports_registry")
    client.get(url)

    with django_assert_max_num_queries(12):
        march = client.get(url, {"as_of": "2026-03-01"}).content.decode()
    assert march.count("data-registry-row") == 2  # paged
    assert 'data-status-count="valid">Valid: <strong>3</strong>' in march
    april = client.get(url, {"as_of": "2026-04-01", "status": "revoked"}).content.decode()
    assert april.count('data-status="revoked"') == 1
    assert 'data-status-count="revoked">Revoked: <strong>1</strong>' in april
    with django_assert_max_num_queries(12):
        client.get(url, {"as_of": "2026-04-01", "page": "2"})


def test_a_future_date_is_refused_with_a_message(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("certification:reports_registry"), {"as_of": "2999-01-01"})
    assert page.status_code == 200
    assert 'data-field-error="as_of"' in page.content.decode()


def test_the_admins_menu_has_reports(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("certification:staff_home")).content.decode()
    assert reverse("certification:reports_registry") in page
