"""The report export task: takes an id, runs the service (which claims the row first)."""

from datetime import timedelta

from celery import shared_task

# An export's task is stopped after this long (the soft limit raises in the task, which marks
# its export failed): one still "being written" later has lost its worker
# (exports.sweep_stalled_exports).
EXPORT_TIME_LIMIT = timedelta(minutes=30)


@shared_task(
    soft_time_limit=EXPORT_TIME_LIMIT.total_seconds(),
    time_limit=EXPORT_TIME_LIMIT.total_seconds() + 30,
)
def run_report_export(export_id: int) -> str:
    from .exports import run_export

    return run_export(export_id=export_id)


@shared_task
def sweep_stalled_report_exports() -> list[int]:
    from .exports import sweep_stalled_exports

    return list(sweep_stalled_exports())


@shared_task
def delete_old_report_exports() -> int:
    from .exports import delete_old_exports

    return delete_old_exports()
