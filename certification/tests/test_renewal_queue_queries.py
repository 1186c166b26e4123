"""Renewals in the review queue keep its query count constant however many there are."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MedicalLicenseFactory, UserFactory
from accounts.tests.helpers import committed
from certification.models import CEItem, Renewal

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .renewals import expiring_certificate, renewal_storage  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renewal_storage")]
URL = reverse("accounts:review_queue")


def _add(count):
    with committed():
        _add_uncommitted(count)


def _add_uncommitted(count):
    for _ in range(count):
        certificate = expiring_certificate(60)
        renewal = Renewal.objects.create(
            certificate=certificate,
            holder=certificate.holder,
            status=Renewal.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        CEItem.objects.create(
            renewal=renewal,
            provider="Society",
            title="Update",
            category="neuromodulators",
            completed_on=timezone.localdate(),
            hours=8,
        )
        MedicalLicenseFactory(applicant=UserFactory())


def test_the_queue_with_renewals_costs_the_same_queries(
    client, admin_user, django_assert_max_num_queries
):
    _add(2)
    client.force_login(admin_user)
    client.get(URL)
    with django_assert_max_num_queries(50) as few:
        response = client.get(URL)
    with_two = len(few.captured_queries)
    assert {row.kind for row in response.context["items"]} == {"license", "renewal"}

    _add(14)
    client.get(URL)  # the queue changed: its kept order is worked out again, once
    with django_assert_max_num_queries(with_two):
        response = client.get(URL)
    assert len(response.context["items"]) == 25
