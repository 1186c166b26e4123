"""What the signed-in base layout costs, in process: median ms and SQL queries per request.

    .venv/bin/python scripts/measure_layout.py [--requests 400]

Builds a throw-away in-memory SQLite database, signs in one person per role and requests an
empty page under base.html through Django's test Client (middleware, session, context
processors, template), next to a view that only reads `request.user`. Not a timed test: the
numbers move with the machine; compare runs made one after the other.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certification.settings")
os.environ.setdefault("DATABASE_URL", "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()

    import django
    from django.conf import settings

    settings.DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ROOT_URLCONF = "certification.tests.layout_urls"
    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, run_syncdb=True)

    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    people = {
        "trainee": UserFactory(roles=[Role.APPLICANT]),
        "admin": UserFactory(roles=[Role.PROGRAM_ADMIN]),
        "examiner": UserFactory(roles=[Role.EXAMINER]),
        "admin+instructor+examiner": UserFactory(
            roles=[Role.PROGRAM_ADMIN, Role.INSTRUCTOR, Role.EXAMINER]
        ),
    }
    rows = []
    for name, person in people.items():
        client = Client()
        client.force_login(person)
        for label, url in [("request.user only", "/user-only/"), ("empty base layout", "/empty/")]:
            for _ in range(20):  # warm-up: imports, template loading, caches
                assert client.get(url).status_code == 200
            timings, cpu = [], []
            for _ in range(args.requests):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            rows.append(
                (name, label, statistics.median(timings), statistics.median(cpu), len(queries))
            )
    # CPU time is the steadier figure on a shared machine: other processes do not add to it.
    print("| person | page | median ms | median CPU ms | SQL queries |\n|---|---|--:|--:|--:|")
    for name, label, median, median_cpu, count in rows:
        print(f"| {name} | {label} | {median:.2f} | {median_cpu:.2f} | {count} |")


if __name__ == "__main__":
    main()
