from django.core.management.base import BaseCommand

from accounts.services import expire_and_remind


class Command(BaseCommand):
    help = (
        "Expire licenses and credentials past their date and send the 60- and 30-day reminders. "
        "The services mode runs the same job daily through Celery beat; run this from cron in "
        "the embedded mode. Safe to run more than once a day."
    )

    def handle(self, *args, **options):
        counts = expire_and_remind()
        self.stdout.write(", ".join(f"{key.replace('_', ' ')}: {n}" for key, n in counts.items()))
