"""What one autosave costs in process: CPU ms and SQL queries per save, optionally profiled.

    DATABASE_URL=postgres://.../<seeded db> REDIS_URL=redis://... \\
        .venv/bin/python scripts/measure_autosave.py [--saves 500] [--candidates 50] [--profile]

The benchmark's set-up (scripts/bench_autosave.py: the benchmark exam, one open attempt per
candidate, a session each) and production settings, but the saves go one at a time through
Django's test client in this process, with the session cookie and the CSRF header the page's
script sends: no server, no load generator. CPU time is the figure to compare on a shared
machine. `--profile` prints the cProfile (CPU time) of the measured saves, by cumulative time.
Writes only the benchmark exam's attempts, deleted at the end.
"""

import argparse
import cProfile
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_autosave  # noqa: E402
import bench_pages  # noqa: E402
import benchmark  # noqa: E402

FORM = "application/x-www-form-urlencoded"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=45, help="profile lines to print (45)")
    parser.add_argument("--callees", default="", help="also print the callees of these functions")
    args = parser.parse_args()

    env = benchmark.server_environment()
    benchmark.setup_django(env)
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    candidates = bench_autosave.prepare(args.candidates, bench_pages.session)
    rng = random.Random(17)  # noqa: S311 (load, not secrets)
    # One client (one handler, as a server worker has), each save with its candidate's cookie.
    client = Client(enforce_csrf_checks=True, headers={"host": "127.0.0.1"})
    saves = [
        (
            f"/written-exam/attempts/{c.attempt_id}/answer/",
            {"HTTP_COOKIE": c.cookie, "HTTP_X_CSRFTOKEN": c.csrf},
        )
        for c in candidates
    ]

    def save() -> None:
        url, headers = rng.choice(saves)
        body = urlencode(
            {"position": rng.randint(1, bench_autosave.QUESTIONS), "choice": rng.randint(0, 3)}
        )
        client.cookies.clear()  # the candidate's own cookie only, never the last response's
        # URL-encoded, as the page's script and the load generator send it.
        response = client.post(url, body, content_type=FORM, **headers)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}: {response.content[:200]!r}")

    try:
        for _ in range(args.warmup):
            save()
        profile = cProfile.Profile(time.process_time) if args.profile else None
        wall, cpu = [], []
        for _ in range(args.saves):
            started, started_cpu = time.perf_counter(), time.process_time()
            if profile:
                profile.enable()
            save()
            if profile:
                profile.disable()
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            save()
    finally:
        Session.objects.filter(
            session_key__in=[c.cookie.split(";")[0].partition("=")[2] for c in candidates]
        ).delete()
        bench_autosave.cleanup()
    print(
        f"{args.saves} saves: CPU ms median {statistics.median(cpu):.2f}, mean "
        f"{statistics.fmean(cpu):.2f}; wall ms median {statistics.median(wall):.2f}; "
        f"{len(queries.captured_queries)} SQL queries per save"
    )
    benchmark.print_queries_and_profile(
        queries.captured_queries, profile, top=args.top, callees=args.callees
    )


if __name__ == "__main__":
    main()
