"""The review queue page costs the same number of queries however long the queue is."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import MedicalLicenseFactory, SupportingCredentialFactory, UserFactory
from .helpers import committed

URL = reverse("accounts:review_queue")


def _add_items(count):
    with committed():
        _add_uncommitted(count)


def _add_uncommitted(count):
    for n in range(count):
        applicant = UserFactory()
        submitted_at = timezone.now() - timedelta(minutes=n)
        if n % 3 == 0:
            MedicalLicenseFactory(applicant=applicant, submitted_at=submitted_at)
        elif n % 3 == 1:
            SupportingCredentialFactory(applicant=applicant, submitted_at=submitted_at)
        else:
            SupportingCredentialFactory(applicant=applicant, bls=True, submitted_at=submitted_at)


@pytest.mark.django_db
def test_it_shows_the_queue_in_a_fixed_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    _add_items(5)
    client.get(URL)  # warm the caches that are not per request (content types, ...)

    # The user; the queue's version token (its order is kept in the cache while no queued row
    # changes); then the licenses and the credentials on the page.
    with django_assert_max_num_queries(4) as with_5:
        response = client.get(URL)
    assert len(response.context["items"]) == 5
    queries_with_5 = len(with_5.captured_queries)  # (a request clears the connection's log)

    _add_items(45)
    client.get(URL)  # the queue changed: its order is worked out again, once
    with django_assert_max_num_queries(queries_with_5):
        response = client.get(URL)
    assert len(response.context["items"]) == 25


@pytest.mark.django_db
def test_working_the_order_out_again_costs_a_fixed_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    _add_items(5)
    client.get(URL)

    # As above, and the queue's total (one statement over every kind) and the page's rows
    # oldest first (one UNION ALL).
    _add_items(1)
    with django_assert_max_num_queries(6) as with_6:
        client.get(URL)

    _add_items(45)
    with django_assert_max_num_queries(len(with_6.captured_queries)):
        response = client.get(URL)
    assert len(response.context["items"]) == 25
