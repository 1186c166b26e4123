import os

from celery import Celery
from celery.signals import task_prerun, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certification.settings")

# Every task is an AfterCommitTask: queue from a state change with `task.delay_on_commit(...)`;
# the why (and what happens when the broker is down) is in accounts/tasking.py.
app = Celery("certification", task_cls="accounts.tasking:AfterCommitTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _load_the_certificate_renderer(**kwargs):
    """Each worker process loads the certificate renderer as it starts (documents.warm_up), so a
    cohort-end burst runs at full speed from its first certificate on every process. Web
    processes never render and never load it."""
    from .documents import warm_up

    warm_up()


@task_prerun.connect
def _close_unusable_database_connections(sender=None, **kwargs):
    """Before each task, what Django does before each request: a connection that failed or
    outlived CONN_MAX_AGE is closed, and the task opens a fresh one (the worker keeps its
    connection between tasks: CELERY_DB_REUSE_MAX in settings). Not for a task run eagerly: it
    runs inside its caller's request or transaction."""
    if sender is None or getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
