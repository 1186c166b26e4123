from django.core.management.base import BaseCommand

from accounts.documents import purge_orphan_documents


class Command(BaseCommand):
    help = (
        "Delete applicants' document files older than a day that no license or credential "
        "refers to (left by a crash between storing an upload and committing). The services "
        "mode runs it daily through Celery beat; run it from cron in the embedded mode."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"orphan documents deleted: {purge_orphan_documents()}")
