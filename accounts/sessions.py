"""Sessions read from the cache, written through to the database (SESSION_ENGINE).

Every signed-in request reads its session; from the database that was one ORM query per page
(issue 17: a third of the signed-in layout's cost). Django's cached_db store reads the cache
first and writes both, so the database stays the source of truth and a cache that forgets an
entry only costs one query.

One change: cache entries live at most CACHE_SECONDS, not the session's whole age. The cache
(certification/cache.py) keeps answering from process memory while Redis is down, so a
sign-out during an outage deletes the database row and the process-local entry but not the
entry Redis still holds; once Redis is back, that stale entry could answer for the
signed-out session. Capping its life bounds that window. The user row is still read on every
request, so a deactivated account or a changed password ends the session at once regardless.
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

CACHE_SECONDS = 5 * 60


class _CappedCache:
    """The session cache with every entry's timeout capped at CACHE_SECONDS."""

    def __init__(self, cache):
        self._cache = cache

    def get(self, key, default=None):
        return self._cache.get(key, default)

    def set(self, key, value, timeout):
        self._cache.set(key, value, min(timeout, CACHE_SECONDS))

    def delete(self, key):
        return self._cache.delete(key)

    async def aset(self, key, value, timeout):
        await self._cache.aset(key, value, min(timeout, CACHE_SECONDS))

    def __contains__(self, key):
        return key in self._cache

    def __getattr__(self, name):  # the rest (async reads and deletes) as the cache does them
        return getattr(self._cache, name)


class SessionStore(CachedDBStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _CappedCache(self._cache)
