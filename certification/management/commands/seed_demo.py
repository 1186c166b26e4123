from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from accounts.demo import DEMO_PASSWORD, seed_people, seed_qualifications
from api.demo import seed_partners
from certification.demo import seed_certificates
from certification.demo_lifecycle import seed_lifecycle
from exams.demo import seed_practical_exam, seed_written_exam
from programs.demo import seed_programs


class Command(BaseCommand):
    help = "Create the demo data set (idempotent): one login per role, with a known password."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates logins with a published password; it only runs with DEBUG on "
                "(DJANGO_DEBUG unset or true), never against a production database."
            )
        # The demo's decisions would e-mail the demo people; nobody reads those.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            people = seed_people()
            seed_qualifications()
            seed_programs()
            seed_written_exam()
            seed_practical_exam()
            seed_certificates()
            seed_lifecycle()
            partner_lines = seed_partners()  # last: no demo step above sends it a webhook
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:"))
        width = max(len(p.email) for p in people)
        for person in people:
            roles = ", ".join(role.label.lower() for role in person.roles)
            note = f": {person.note}" if person.note else ""
            self.stdout.write(f"  {person.email.ljust(width)}  {DEMO_PASSWORD}  ({roles}{note})")
        for line in partner_lines:
            self.stdout.write(line)
