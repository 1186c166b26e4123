from django.core.management.base import BaseCommand, CommandError

from accounts.errors import DomainError
from accounts.models import User
from api import services
from api.models import PartnerKey
from programs.models import TrainingProgram


class Command(BaseCommand):
    help = (
        "Make a partner API key (as a program admin does at /staff/partners/) and print it once: "
        "only its hash is kept. Audited as made by the admin named with --by."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partner", required=True, help="The partner organization's name.")
        parser.add_argument("--by", required=True, help="E-mail of the program admin making it.")
        parser.add_argument(
            "--scope", choices=PartnerKey.Scope.values, default=PartnerKey.Scope.VERIFY
        )
        parser.add_argument("--program", type=int, help="The program id of a program key.")
        parser.add_argument("--label", default="", help="What the key is for.")

    def handle(self, *args, **options):
        admin = User.objects.filter(email__iexact=options["by"], is_active=True).first()
        if admin is None:
            raise CommandError(f"No active person with the address {options['by']}.")
        program = None
        if options["program"] is not None:
            program = TrainingProgram.objects.filter(pk=options["program"]).first()
            if program is None:
                raise CommandError(f"No program with the id {options['program']}.")
        try:
            row, key = services.create_key(
                partner_name=options["partner"],
                scope=options["scope"],
                program=program,
                label=options["label"],
                actor=admin,
            )
        except DomainError as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"API key of {row.partner} ({row.scope_label}), shown only now:")
        self.stdout.write(key)
