"""The sweep re-queues pending certificates nobody works on, and leaves the rest alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certification import services
from certification.models import Certificate

from .certificates import (
    certificate_storage,  # noqa: F401 (fixture)
    issued_certificate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
Status = Certificate.Status


def _pending(created_ago, **fields):
    certificate = issued_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Status.PENDING,
        created_at=timezone.now() - created_ago,
        claim_token=fields.pop("claim_token", ""),
        claimed_at=fields.pop("claimed_at", None),
    )
    return certificate


def test_it_issues_the_forgotten_and_the_abandoned_and_leaves_the_rest():
    now = timezone.now()
    forgotten = _pending(timedelta(minutes=30))  # the broker was down at commit
    abandoned = _pending(
        timedelta(minutes=30), claim_token="dead", claimed_at=now - timedelta(minutes=11)
    )
    fresh = _pending(timedelta(seconds=10))  # its own task is on the way
    working = _pending(timedelta(minutes=30), claim_token="busy", claimed_at=now)

    assert services.sweep_pending() == 2

    statuses = dict(Certificate.objects.values_list("pk", "status"))
    assert statuses[forgotten.pk] == statuses[abandoned.pk] == Status.ISSUED
    assert statuses[fresh.pk] == statuses[working.pk] == Status.PENDING


def test_it_is_a_periodic_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "certification.tasks.sweep_pending_certificates" in tasks
