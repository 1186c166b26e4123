from django.conf import settings
from django.core.management.base import BaseCommand

from api.retention import purge_partner_logs


class Command(BaseCommand):
    help = (
        "Delete API calls older than API_CALL_RETENTION_DAYS and finished webhook deliveries "
        "older than WEBHOOK_RETENTION_DAYS. Celery beat runs it daily in the services mode; run "
        "it from cron in the embedded mode. Safe to run more than once."
    )

    def handle(self, *args, **options):
        run = purge_partner_logs()
        self.stdout.write(
            f"Partner logs: {run.api_calls} API calls older than "
            f"{settings.API_CALL_RETENTION_DAYS} days, {run.deliveries} webhook deliveries and "
            f"{run.events} events older than {settings.WEBHOOK_RETENTION_DAYS} days deleted."
        )
