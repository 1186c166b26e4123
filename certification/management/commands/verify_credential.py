"""Check a signed credential (a .jwt file) end to end, as a wallet or a verifier would.

Exit status: 0 when it is authentic and in force; 1 when it is not authentic (not a credential,
a key this issuer never published, an altered or forged signature, another issuer); 2 when it
is authentic but not in force (revoked, suspended, expired or not yet valid).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from certification import credentials

NOT_AUTHENTIC, NOT_IN_FORCE = 1, 2


class Command(BaseCommand):
    help = (
        "Verify a signed Open Badges 3.0 credential (.jwt): signature against the issuer's "
        "published key for its kid, issuer, validity dates and its status-list bits. "
        "Exits 0 if valid, 1 if not authentic, 2 if authentic but not in force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .jwt file the holder downloaded")
        parser.add_argument(
            "--jwks",
            help="a saved copy of /.well-known/jwks.json to check against instead of the "
            "keys this installation publishes",
        )

    def handle(self, *args, file, jwks=None, **options):
        try:
            token = Path(file).read_text(encoding="ascii")
        except (OSError, UnicodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}", returncode=NOT_AUTHENTIC) from error
        published = None
        if jwks:
            try:
                published = KeySet.import_key_set(json.loads(Path(jwks).read_text()))
            except (OSError, ValueError, KeyError, TypeError, JoseError) as error:
                message = f"Cannot read the key set {jwks}: {error}"
                raise CommandError(message, returncode=NOT_AUTHENTIC) from error

        verdict = credentials.verify(token, published=published)

        for check in verdict.checks:
            self.stdout.write(f"  - {check}")
        if verdict.credential:
            claims = verdict.credential
            self.stdout.write(f"  credential: {claims.get('name', '')} ({claims.get('id', '')})")
            if "exp" in claims:
                self.stdout.write(f"  valid until: {credentials.utc_datetime(claims['exp'])}")
        if not verdict.authentic:
            raise CommandError("NOT AUTHENTIC: do not rely on it.", returncode=NOT_AUTHENTIC)
        if not verdict.in_force:
            message = f"AUTHENTIC but {verdict.status.upper()}: not in force."
            raise CommandError(message, returncode=NOT_IN_FORCE)
        self.stdout.write(self.style.SUCCESS("VALID: authentic and in force."))
