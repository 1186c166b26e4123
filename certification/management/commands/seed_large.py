"""Seed the large data set the benchmark runs against (DESIGN.md, "Figures to reach").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cert_bench \\
        .venv/bin/python manage.py seed_large --yes-i-mean-it [--scale 0.01]

Each app seeds its own tables (`accounts.seed_large`, `programs.seed_large`,
`exams.seed_large`) with PostgreSQL COPY; this command checks it may run, composes the parts in
order, moves the sequences past the seeded ids, then runs VACUUM ANALYZE on the seeded tables:
the visibility map a production database holds, so the benchmark sees the index-only scans
production would (an ANALYZE alone leaves them bitmap heap scans).

Only for a throwaway PostgreSQL database: it refuses SQLite, refuses without --yes-i-mean-it,
and refuses a database that already holds applicants unless --force.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection

from accounts import review_queue_cache
from accounts import seed_large as accounts_part
from accounts.roles import Role
from accounts.services import role_group
from exams import seed_large as exams_part
from programs import seed_large as programs_part

DEFAULTS = {"applicants": 100_000, "sessions": 1_000_000, "attempts": 500_000}
STEPS = [
    accounts_part.seed_people,
    programs_part.seed_programs,
    exams_part.seed_exam_setup,
    accounts_part.seed_qualifications,
    programs_part.seed_enrollments,
    programs_part.seed_hands_on,
    programs_part.seed_hands_on_met,
    exams_part.seed_written,
    exams_part.seed_practical,
]


def seeded_tables() -> list:
    return [*accounts_part.tables(), *programs_part.tables(), *exams_part.tables()]


def finish(seed) -> str:
    tables = seeded_tables()
    for statement in connection.ops.sequence_reset_sql(no_style(), tables):
        seed.cursor.execute(statement)
    # COPY sends no signal: the review queue's kept order must not outlive the seeded rows.
    review_queue_cache.queue_changed()
    names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in tables)
    # Autocommit (no transaction here), which VACUUM needs.
    seed.cursor.execute(f"VACUUM ANALYZE {names}")
    return f"sequences moved past the seeded ids; VACUUM ANALYZE of {len(tables)} tables"


class Command(BaseCommand):
    help = "Seed a large synthetic data set into a throwaway PostgreSQL database (benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=DEFAULTS["applicants"])
        parser.add_argument("--sessions", type=int, default=DEFAULTS["sessions"])
        parser.add_argument(
            "--attempts", type=int, default=DEFAULTS["attempts"], help="written exam attempts"
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiply every size (0.01 for a quick run)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--yes-i-mean-it",
            action="store_true",
            help="required: confirms DATABASE_URL is a throwaway database",
        )
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already has applicants"
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_large needs PostgreSQL (set DATABASE_URL); it uses COPY.")
        if not options["yes_i_mean_it"]:
            raise CommandError(
                f"seed_large adds {options['applicants'] * options['scale']:,.0f} fake applicants "
                f"to the database {connection.settings_dict['NAME']!r}. Use a throwaway database "
                "and pass --yes-i-mean-it."
            )
        # The role groups come with a migration; made again if missing (a flushed test database).
        applicant_group = role_group(Role.APPLICANT)
        for role in Role:
            role_group(role)
        if applicant_group.user_set.exists() and not options["force"]:
            raise CommandError(
                "The database already holds applicants; seed an empty database or pass --force."
            )
        sizes = {key: max(1, round(options[key] * options["scale"])) for key in DEFAULTS}
        self.stdout.write(
            f"Seeding {sizes['applicants']:,} applicants, ~{sizes['sessions']:,} "
            f"hands-on sessions, ~{sizes['attempts']:,} written attempts into "
            f"{connection.settings_dict['NAME']!r}"
        )
        started = time.monotonic()
        connection.ensure_connection()
        # Autocommit: each COPY is its own transaction, so deferred foreign-key checks do not
        # pile up millions of pending trigger events in one transaction.
        with connection.cursor() as cursor:
            seed = accounts_part.Seed(
                cursor=cursor.cursor, sizes=sizes, random_seed=options["seed"]
            )
            for step in [*STEPS, finish]:
                t0 = time.monotonic()
                summary = step(seed)
                self.stdout.write(
                    f"  {step.__name__:<22} {time.monotonic() - t0:7.1f} s  {summary}"
                )
        self.stdout.write(
            self.style.SUCCESS(f"Done in {time.monotonic() - started:.0f} s. ")
            + f"Every seeded login (@seed.test) has the password {seed.password!r}."
        )
