"""The Celery app as the test suite's worker processes run it (`celery -A
certification.tests.worker_app worker`): production's app, plus one test-only hook.

A session-long worker outlives the database flushes of transactional tests, which recreate the
content types under new ids; its cached ids would then point audit entries at rows that no
longer exist. Production never flushes its database under a running worker, so the cache is
cleared here, before each task, and not in the tasks themselves.
"""

from celery.signals import task_prerun

from certification.celery import app

from .queues import TEST_QUEUE

__all__ = ["app"]

# The queue of the test process that started this worker: it consumes it and sends to it.
app.conf.task_default_queue = TEST_QUEUE


@task_prerun.connect
def _forget_cached_content_types(**kwargs):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
