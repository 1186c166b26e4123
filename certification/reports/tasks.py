"""The report export task: takes an id, runs the service (which claims the row first)."""

from celery import shared_task


@shared_task
def run_report_export(export_id: int) -> str:
    from .exports import run_export

    return run_export(export_id=export_id)


@shared_task
def delete_old_report_exports() -> int:
    from .exports import delete_old_exports

    return delete_old_exports()
