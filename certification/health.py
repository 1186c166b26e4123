"""Dependency checks for /healthz: each answers "ok", "eager" or the error, never raises."""

import redis
from django.conf import settings
from django.db import connections


def database_state(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "down"; the message says which
        return f"error: {error.__class__.__name__}: {str(error).strip()[:200]}"
    return "ok"


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:
        return f"error: {error.__class__.__name__}: {str(error).strip()[:200]}"
    return "ok"
