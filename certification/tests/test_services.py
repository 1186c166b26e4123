"""The services run: real Redis as broker and cache, a real Celery worker process."""

import pytest
from django.core.cache import caches

from certification.tasks import ping

pytestmark = pytest.mark.services


def test_a_task_makes_the_round_trip_through_redis_to_a_worker(celery_worker_process, settings):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    assert settings.CELERY_BROKER_URL.startswith("redis://")

    result = ping.delay()

    assert result.get(timeout=30) == "pong"
    assert result.successful()


def test_the_cache_is_redis(redis_url, settings):
    from django.core.cache.backends.redis import RedisCache
    from django.test.utils import override_settings

    from certification import settings as project_settings

    with override_settings(CACHES=project_settings.CACHES):
        cache = caches["default"]
        assert isinstance(cache, RedisCache)
        cache.set("services-run-probe", "here", 30)
        assert cache.get("services-run-probe") == "here"
        cache.delete("services-run-probe")


@pytest.mark.django_db
def test_the_database_is_postgresql_with_persistent_connections():
    from django.db import connection

    assert connection.vendor == "postgresql"
    assert connection.settings_dict["CONN_MAX_AGE"] > 0


@pytest.mark.django_db
def test_postgresql_compiles_no_statement_just_in_time():
    # JIT compiling cost the practical ready queue 2.9 s over a 0.27 s query (settings.py).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
