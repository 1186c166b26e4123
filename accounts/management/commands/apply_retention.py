from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Remove the uploaded documents of applicants inactive for DOCUMENT_RETENTION_YEARS "
        "(certificates and decisions are kept). Celery beat runs it daily in the services mode; "
        "run it from cron in the embedded mode. Safe to run more than once."
    )

    def handle(self, *args, **options):
        run = apply_retention()
        self.stdout.write(
            f"Retention ({settings.DOCUMENT_RETENTION_YEARS} years): {run.documents} documents "
            f"removed from {run.applicants} inactive applicants."
        )
