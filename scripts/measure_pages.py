"""What each benchmarked page costs in process: median CPU ms, wall ms and SQL queries per request.

    DATABASE_URL=postgres://.../<seeded db> REDIS_URL=redis://... \\
        .venv/bin/python scripts/measure_pages.py [--requests 200] [--pages dashboard,review_queue]

The same people and pages as `scripts/benchmark.py` (scripts/bench_pages.py picks them), the same
production settings, but requested one at a time through Django's test client in this process:
no server, no load generator. CPU time is the figure to compare on a shared, loaded machine
(other processes do not add to it); issue 17's rule of thumb turns it into a ratio to the
reference: ratio ~= 2.05 ms / (in-process ms + 0.45 ms). Not a substitute for the benchmark.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_pages  # noqa: E402
import benchmark  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--pages", default="", help="comma-separated page keys (default: all)")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of each page's timed requests"
    )
    args = parser.parse_args()

    env = benchmark.server_environment()
    benchmark.collect_static(env)
    benchmark.setup_django(env)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = bench_pages.pick_pages()
    wanted = {key.strip() for key in args.pages.split(",") if key.strip()}
    if wanted:
        pages = [page for page in pages if page.key in wanted]
    rows = []
    try:
        for page in pages:
            client = Client(HTTP_COOKIE=page.cookie, headers={"host": "127.0.0.1"})
            for _ in range(args.warmup):  # imports, templates, caches (the dashboard's too)
                status = client.get(page.url, secure=True).status_code
                if status != 200:
                    sys.exit(f"{page.url} answered {status}")
            wall, cpu = [], []
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            for _ in range(args.requests):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(page.url, secure=True)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            if profiler:
                profiler.disable()
                print(f"== {page.title}: cProfile of {args.requests} requests")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            with CaptureQueriesContext(connection) as queries:
                client.get(page.url, secure=True)
            count = len(queries.captured_queries)
            rows.append((page, statistics.median(cpu), statistics.median(wall), count))
    finally:
        bench_pages.drop_sessions(pages)
    print("| page | SQL queries | median CPU ms | median wall ms | ratio by the rule of thumb |")
    print("|---|--:|--:|--:|--:|")
    for page, cpu_ms, wall_ms, count in rows:
        print(
            f"| {page.title} | {count} | {cpu_ms:.2f} | {wall_ms:.2f} "
            f"| {2.05 / (cpu_ms + 0.45):.2f} |"
        )


if __name__ == "__main__":
    main()
