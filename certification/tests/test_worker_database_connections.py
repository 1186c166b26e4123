"""A worker process keeps its database connection between tasks, as a web process does between
requests, and drops one that failed or expired before the next task (Django's
`close_old_connections`, which Django itself runs before and after each request)."""

from types import SimpleNamespace

import django.db
from celery.fixups.django import DjangoWorkerFixup

from certification.celery import _close_unusable_database_connections, app


def _task(*, eager: bool):
    return SimpleNamespace(request=SimpleNamespace(is_eager=eager))


def _record_closing(monkeypatch) -> list:
    calls = []
    monkeypatch.setattr(django.db, "close_old_connections", lambda: calls.append("checked"))
    return calls


def test_the_worker_does_not_close_its_connection_after_every_task():
    # Celery's Django fixup closes the connection after each task unless told to reuse it.
    assert DjangoWorkerFixup(app).db_reuse_max >= 100


def test_before_each_task_a_failed_or_expired_connection_is_closed(monkeypatch):
    calls = _record_closing(monkeypatch)

    _close_unusable_database_connections(sender=_task(eager=False))

    assert calls == ["checked"]


def test_a_task_run_eagerly_leaves_its_callers_connection_alone(monkeypatch):
    # An eager task runs inside its caller's request or transaction: closing there would break it.
    calls = _record_closing(monkeypatch)

    _close_unusable_database_connections(sender=_task(eager=True))

    assert calls == []
