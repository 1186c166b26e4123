"""The review queue keeps its order (the total and each page's rows) in the cache, and sees
every change to what it is made of on the next view: submissions, decisions, the daily expiry
and re-verification jobs (queryset updates, which send no signal), changes from any path."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import review_queue_cache
from accounts.discipline import queue_expiring_for_reverification
from accounts.models import LicenseType, ReviewStatus
from accounts.services import expire_and_remind, submit_license

from .factories import MedicalLicenseFactory, SupportingCredentialFactory, today

# Committed for real: the token is replaced once a change commits (transaction.on_commit).
pytestmark = pytest.mark.django_db(transaction=True)
URL = reverse("accounts:review_queue")


def _queue(client, **filters) -> tuple[int, list[tuple[str, int]]]:
    response = client.get(URL, filters)
    assert response.status_code == 200
    keys = [(entry.kind, entry.pk) for entry in response.context["items"]]
    return response.context["page"].paginator.count, keys


@pytest.fixture
def queue_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_second_view_does_not_count_the_queue_again(queue_client):
    MedicalLicenseFactory()
    SupportingCredentialFactory()
    first = _queue(queue_client)

    with CaptureQueriesContext(connection) as captured:
        assert _queue(queue_client) == first

    assert not [q for q in captured if "COUNT(" in q["sql"].upper()]


def test_a_new_submission_is_on_the_next_view(queue_client, applicant):
    old = MedicalLicenseFactory(submitted_at=timezone.now() - timedelta(days=3))
    assert _queue(queue_client) == (1, [("license", old.pk)])

    new = submit_license(
        license=MedicalLicenseFactory.build(jurisdiction=old.jurisdiction), applicant=applicant
    )

    assert _queue(queue_client) == (2, [("license", old.pk), ("license", new.pk)])


def test_a_decision_takes_the_item_off_the_next_view(queue_client):
    license = MedicalLicenseFactory()
    credential = SupportingCredentialFactory()
    assert _queue(queue_client)[0] == 2

    queue_client.post(reverse("accounts:verify", args=["license", license.pk]))

    assert _queue(queue_client) == (1, [("credential", credential.pk)])


def test_every_filter_sees_the_change(queue_client):
    license = MedicalLicenseFactory(license_type=LicenseType.REGISTERED_NURSE)
    assert _queue(queue_client, license_type="rn") == (1, [("license", license.pk)])
    assert _queue(queue_client, kind="license") == (1, [("license", license.pk)])

    license.status = ReviewStatus.REJECTED  # a change from any path: the back-office, a shell
    license.save(update_fields=["status"])

    assert _queue(queue_client, license_type="rn") == (0, [])
    assert _queue(queue_client, kind="license") == (0, [])


def test_an_item_expired_by_the_daily_job_leaves_the_next_view(queue_client):
    license = MedicalLicenseFactory()
    assert _queue(queue_client)[0] == 1

    expire_and_remind(today=license.expires_on + timedelta(days=1))

    assert _queue(queue_client) == (0, [])


def test_a_license_back_for_reverification_is_on_the_next_view(queue_client, settings):
    settings.LICENSE_REVERIFY_DAYS = 60
    license = MedicalLicenseFactory(verified=True, expires_on=today() + timedelta(days=30))
    assert _queue(queue_client) == (0, [])

    assert queue_expiring_for_reverification() == 1

    assert _queue(queue_client) == (1, [("license", license.pk)])


def test_the_version_is_replaced_once_the_change_commits():
    license = MedicalLicenseFactory()
    before = review_queue_cache.queue_version()

    with transaction.atomic():
        license.status = ReviewStatus.UNDER_REVIEW
        license.save(update_fields=["status"])
        # not inside the change's transaction: the token row is not locked by it
        assert review_queue_cache.queue_version() == before

    assert review_queue_cache.queue_version() != before


def test_a_change_rolled_back_keeps_the_version():
    license = MedicalLicenseFactory()
    before = review_queue_cache.queue_version()

    with pytest.raises(RuntimeError), transaction.atomic():
        license.status = ReviewStatus.UNDER_REVIEW
        license.save(update_fields=["status"])
        raise RuntimeError("rolled back")

    assert review_queue_cache.queue_version() == before
