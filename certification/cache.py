"""A Redis cache that keeps answering when Redis is down.

The cache holds nothing whose loss matters: the counters of rate limits (allauth's sign-in
limits, the certificate lookup limit), copies of sessions (the database holds them:
accounts/sessions.py) and cached pathways (checked against versions read from the database).
With Django's RedisCache, every sign-in and every lookup was a 500 while Redis was down. This
backend falls back to a process-local memory cache on any Redis error, so the limits degrade
rather than break: while Redis is down each process counts on its own (a limit is at most N
times looser with N processes), and counting returns to the shared Redis the moment it is
back. Neither fail-open (no limit at all) nor fail-closed (every sign-in refused, which would
lock every user out during an outage).
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# One warning per this many seconds while Redis is down, not one per request.
_WARN_EVERY = 60.0


class ReusingRedisClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache operation, which copies
    redis-py's ~170 response callbacks each time: a measurable part of every signed-in request,
    which reads the cache twice (session and roles). One client per connection pool does the
    same work; redis-py clients are safe to share, each command borrows a pooled connection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisClient
        self._fallback = LocMemCache(
            f"fail-safe-{id(self)}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            },
        )
        self._warned_at = 0.0

    def _down(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self._warned_at > _WARN_EVERY:
            self._warned_at = now
            log.warning(
                "Cache (Redis) down during %s; counting in this process: %r", operation, error
            )


def _fail_safe(name: str):
    def method(self, *args, **kwargs):
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except RedisError as error:
            self._down(name, error)
            return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FailSafeRedisCache, _name, _fail_safe(_name))
