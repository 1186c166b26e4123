"""The one way to queue a Celery task from a state change: `task.delay_on_commit(...)` (or
`task.apply_async_on_commit(..., eta=...)`), never `transaction.on_commit(lambda: task.delay(...))`.

Why after commit: the worker must find the rows the change wrote, and a change that rolls back
must queue nothing.

Why this base class (the project's Celery app uses it for every task, see `certification/celery.py`)
rather than Celery's plain `DjangoTask`: its `delay_on_commit` publishes from inside the request,
after the commit, so a broker that is down would raise there and turn a change that is already
saved into an error page. Here a broker error after commit is logged and swallowed: every task
queued this way has a periodic sweep (the e-mail outbox, pending certificates, overdue written
attempts) that finds the saved row and runs it once the broker is back.
"""

import functools
import logging

from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

# What `delay` raises when the broker cannot be reached (kombu wraps most connection errors).
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)

log = logging.getLogger(__name__)


class AfterCommitTask(DjangoTask):
    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self._publish_or_log, args, kwargs))

    def apply_async_on_commit(self, args=None, kwargs=None, **options) -> None:
        transaction.on_commit(functools.partial(self._publish_or_log, args, kwargs, **options))

    def _publish_or_log(self, args, kwargs, **options) -> None:
        try:
            self.apply_async(args, kwargs, **options)
        except BROKER_ERRORS:
            log.warning(
                "Could not queue %s%r after commit; its sweep runs it when the broker is back",
                self.name,
                tuple(args or ()),
                exc_info=True,
            )
        except Exception:
            # Anything else after commit (the result backend unreachable, or, in the embedded
            # mode, the eager task itself failing) is logged and left to the sweep too: the
            # change is saved, and the request that made it must not turn into an error page.
            log.exception("%s%r failed after commit; its sweep runs it again", self.name, args)
