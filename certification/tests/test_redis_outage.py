"""Services run: Redis (the test's own) stops under a running worker and comes back.

While it is down, sign-in, the certificate lookup and a license verification answer without a
server error, and the applicant's e-mail waits in the outbox; when it is back, the same worker
process (not a restarted one) takes tasks again and the e-mail is delivered.
"""

import time

import pytest
from celery import Celery
from django.urls import reverse

from accounts.outbox import OutgoingEmail
from accounts.tests.factories import PASSWORD, MedicalLicenseFactory

from .queues import TEST_QUEUE

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def probe_app(url: str) -> Celery:
    app = Celery("outage-probe", broker=url, backend=url, set_as_current=False)
    app.conf.task_default_queue = TEST_QUEUE  # the queue the worker of this process consumes
    return app


def worker_answers(url: str, *, within: float) -> bool:
    """A task sent through `url` comes back from the worker within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        app = probe_app(url)
        try:
            result = app.send_task("certification.tasks.ping")
            if result.get(timeout=5) == "pong":
                return True
        except Exception:  # the broker or the worker is not back yet: try again
            time.sleep(1)
        finally:
            app.close()
    return False


@pytest.fixture
def web_on(settings):
    """This test process (the web side) uses `url` for its cache and for publishing tasks."""
    from certification.celery import app

    previous = app.conf.task_always_eager, app.conf.broker_url, app._pool
    producers = app.amqp._producer_pool

    def point_at(url: str):
        settings.CACHES = {
            "default": {
                "BACKEND": "certification.cache.FailSafeRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        app.conf.task_always_eager, app.conf.broker_url, app._pool = False, url, None
        # Celery caches its producers (and their broker connection) on first publish.
        app.amqp._producer_pool = None

    yield point_at
    if app._pool is not None:
        app._pool.force_close_all()
    app.conf.task_always_eager, app.conf.broker_url, app._pool = previous
    app.amqp._producer_pool = producers


def test_the_site_and_the_worker_ride_out_a_redis_outage(
    client, own_redis, start_celery_worker, web_on, applicant, admin_user
):
    worker, mail_dir, log = start_celery_worker(own_redis.url)
    assert worker_answers(own_redis.url, within=60), log.read_text()[-3000:]
    web_on(own_redis.url)
    license = MedicalLicenseFactory(applicant=applicant, number="OUT-1")

    own_redis.stop()

    # Sign-in and the public lookup answer from the fail-safe cache.
    login = client.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})
    assert login.status_code == 302
    lookup = client.post(reverse("certification:verify_lookup"), {"number": "X", "surname": "y"})
    assert lookup.status_code == 200
    # A verification commits and answers fast; its e-mail waits in the outbox.
    client.force_login(admin_user)
    started = time.monotonic()
    verify = client.post(reverse("accounts:verify", args=["license", license.pk]))
    assert verify.status_code == 302
    assert time.monotonic() - started < 8
    email = OutgoingEmail.objects.get(to=applicant.email)
    assert email.status == OutgoingEmail.Status.PENDING
    time.sleep(3)
    assert worker.poll() is None, "the worker exited when Redis stopped"

    own_redis.start()

    assert worker_answers(own_redis.url, within=90), log.read_text()[-3000:]
    assert worker.poll() is None
    # Beat's sweep, sent through the restored broker, delivers the e-mail once.
    app = probe_app(own_redis.url)
    try:
        app.send_task("accounts.tasks.send_due_emails")
    finally:
        app.close()
    deadline = time.monotonic() + 30
    while email.status != OutgoingEmail.Status.SENT and time.monotonic() < deadline:
        time.sleep(0.5)
        email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    sent = [path.read_text() for path in mail_dir.iterdir()]
    assert len(sent) == 1 and "OUT-1 verified" in sent[0]
