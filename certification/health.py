"""Dependency checks for /healthz: each answers "ok", "down" (or "eager": no broker in the
embedded mode) and never raises.

/healthz is public (load balancers probe it without credentials), so the answer names states
only: the error, which can hold a host, a port or a user name, goes to the log instead.
"""

import logging

import redis
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

OK, DOWN, EAGER = "ok", "down", "eager"


def database_state(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down"; the log says which
        logger.warning("healthz: the database %r is down", alias, exc_info=True)
        return DOWN
    return OK


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return EAGER
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception:
        logger.warning("healthz: the broker is down", exc_info=True)
        return DOWN
    return OK
