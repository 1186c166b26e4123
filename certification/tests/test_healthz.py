import pytest
from django.db import OperationalError, connection
from django.urls import reverse


@pytest.mark.django_db
def test_it_reports_the_embedded_mode_as_healthy(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"] == "down"
    # Public page: no host, port or driver message.
    assert "127.0.0.1" not in response.content.decode() and ":1" not in response.content.decode()


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_down(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" (10.1.2.3), port 5432 failed')

    # The database itself cannot be stopped under a running test; its connection refuses instead.
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert "db.internal" not in response.content.decode()
    assert "5432" not in response.content.decode()


@pytest.mark.services
@pytest.mark.django_db
def test_it_reports_the_real_broker(client, redis_url, settings):
    assert not settings.CELERY_TASK_ALWAYS_EAGER

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["broker"] == "ok"
