import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certification.settings")

# Every task is an AfterCommitTask: queue from a state change with `task.delay_on_commit(...)`;
# the why (and what happens when the broker is down) is in accounts/tasking.py.
app = Celery("certification", task_cls="accounts.tasking:AfterCommitTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
