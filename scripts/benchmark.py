#!/usr/bin/env python
"""Measure every figure DESIGN.md sets, on the seeded national data set, in one command.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cert_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python scripts/benchmark.py [--suite pages,autosave,certificates] \\
        [--clients 4] [--duration 10] [--write BENCHMARKS.md]

Three suites, each written to its own section of BENCHMARKS.md with the machine's load average
at its start and end: `pages` (bench_pages.py: the reference and the signed-in empty layout as
two baselines, then each target page), `autosave` (bench_autosave.py: 200, 500 and 1,000
candidates saving every 4 s, then back to back for the endpoint's capacity) and `certificates`
(bench_certificates.py: a burst of 1,000 on 1 and on 2 worker processes, and the render ratio).

For the pages it starts gunicorn (2 sync workers, as scripts/serve.sh does) with the production
settings (DJANGO_DEBUG=false) on plain-HTTP localhost,
signs in as seeded people by writing their sessions
straight into the session store, and drives each page with N keep-alive clients for a fixed time
after a warm-up. The reference page (certification/bench.py) is measured first and last; each
page's ratio is taken against the mean of the two, so drift during the run shows up.
Run it against a database filled by `manage.py seed_large`, never against production.
"""

import argparse
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench_pages import Page, count_queries, drive, drop_sessions, pick_pages, session, table

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--duration", type=float, default=10, help="seconds per page (10)")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up seconds per page (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--only", default="", help="comma-separated page keys to measure (default: all)"
    )
    parser.add_argument(
        "--suite",
        default="pages,autosave,certificates",
        help="what to measure: pages, autosave, certificates (default: all three)",
    )
    parser.add_argument(
        "--autosave-candidates",
        default="200,500,1000",
        help="candidates saving every --autosave-interval seconds, one run each (200,500,1000)",
    )
    parser.add_argument("--autosave-interval", type=float, default=4.0)
    parser.add_argument("--autosave-duration", type=float, default=30.0)
    parser.add_argument("--certificates", type=int, default=1000, help="burst size (1000)")
    parser.add_argument(
        "--write", metavar="FILE", help="replace the results section of FILE (BENCHMARKS.md)"
    )
    parser.add_argument(
        "--command",
        default="",
        help="the command line to record with --write (default: this one)",
    )
    return parser.parse_args()


def server_environment() -> dict[str, str]:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the PostgreSQL database seeded by `manage.py seed_large`.")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="certification.settings",
        DJANGO_DEBUG="false",
        # A throwaway key: the sessions written below are signed with it, and die with the run.
        DJANGO_SECRET_KEY=env.get("BENCHMARK_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
        DJANGO_SITE_URL=env.get("DJANGO_SITE_URL") or "http://127.0.0.1",
        # Plain HTTP on localhost: no redirect to https. (Secure cookies need no change: this
        # client sends its cookie whatever the flag says.)
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_BENCHMARK_ENDPOINTS="true",
        # The sessions are written straight into the store (no sign-in, so no second factor):
        # the staff pages are measured, not the two-factor prompt they would redirect to.
        DJANGO_MFA_REQUIRED_FOR_STAFF="false",
        # Production settings need a credential key named; no page measured here signs one.
        DJANGO_CREDENTIAL_SIGNING_KEY_FILE=env.get("DJANGO_CREDENTIAL_SIGNING_KEY_FILE")
        or "/run/secrets/credential-signing-key.pem",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def check_migrations(env) -> None:
    unapplied = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"], cwd=ROOT, env=env, capture_output=True
    )
    if unapplied.returncode:
        sys.exit("The database has unapplied migrations: run `manage.py migrate` first.")


def collect_static(env) -> None:
    # DEBUG off serves hashed file names from the manifest, which collectstatic writes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_server(args, env) -> subprocess.Popen:
    # Another process on the port would answer /healthz too, and be measured instead of ours.
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            sys.exit(f"Port {args.port} is already taken: stop that process or pass --port.")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "certification.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    sys.exit("gunicorn did not answer /healthz within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def write_results(path: Path, section: str, text: str) -> None:
    """Replace the section between `<!-- benchmark <section>: start/end -->` in the file."""
    start, end = f"<!-- benchmark {section}: start -->", f"<!-- benchmark {section}: end -->"
    body = path.read_text() if path.exists() else ""
    block = f"{start}\n{text}\n{end}"
    if start in body and end in body:
        body = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, body, flags=re.S)
    else:
        body = body.rstrip() + f"\n\n## Results: {section}\n\n" + block + "\n"
    path.write_text(body)


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def print_queries_and_profile(captured_queries, profile, *, top: int, callees: str = "") -> None:
    """What the in-process measure scripts print after their figures: each SQL statement of one
    request (time and its first 160 characters), then the cProfile by cumulative time, if one
    was taken, and the callees of the functions named in `callees`."""
    import pstats

    for query in captured_queries:
        print(f"  {query['time']} s  {' '.join(query['sql'].split())[:160]}")
    if profile:
        stats = pstats.Stats(profile).sort_stats("cumulative")
        stats.print_stats(top)
        if callees:
            stats.print_callees(callees)


def measure_pages(args, env) -> tuple[str, bool]:
    pages = pick_pages()
    if args.only:
        wanted = {key.strip() for key in args.only.split(",")} | {"reference"}
        pages = [p for p in pages if p.key in wanted]
    count_queries(pages)
    server = start_server(args, env)
    results = []
    try:
        # Reference first and last: the ratio uses their mean, and their gap shows the noise.
        for page in [*pages, pages[0]]:
            print(f"  {page.title} {page.url} ({page.who or 'anonymous'}) ...", file=sys.stderr)
            drive(args.port, page, args.clients, args.warmup)
            results.append(drive(args.port, page, args.clients, args.duration))
    finally:
        stop_server(server)
        drop_sessions(pages)
    first, last = results[0], results[-1]
    reference_rate = (first.rate + last.rate) / 2
    for result, when in [(first, "first"), (last, "last")]:
        result.page = Page("reference", f"Reference: 3 ORM queries ({when})", first.page.url)
        result.page.targeted, result.page.queries = False, pages[0].queries
    errors = [
        f"- {r.page.title}: {r.errors} non-200 responses: {r.error_samples}"
        for r in results
        if r.errors
    ]
    text = "\n".join(
        [
            f"{args.clients} clients, {args.duration:g} s per page after a {args.warmup:g} s "
            f"warm-up, gunicorn with {args.workers} sync workers. Reference rate used for the "
            f"ratios: {reference_rate:,.0f} req/s (mean of first and last).",
            "",
            table(results, reference_rate),
            *([""] + errors if errors else []),
        ]
    )
    return text, bool(errors) or statistics.fmean([r.rate for r in results]) == 0


def measure_autosave(args, env) -> tuple[str, bool]:
    import bench_autosave

    levels = [int(n) for n in args.autosave_candidates.split(",") if n.strip()]
    candidates = bench_autosave.prepare(max(levels), session)
    server = start_server(args, env)
    results = []
    try:
        for n in levels:
            print(f"  autosave: {n} candidates every {args.autosave_interval:g} s", file=sys.stderr)
            results.append(
                bench_autosave.drive(
                    args.port,
                    candidates[:n],
                    interval=args.autosave_interval,
                    seconds=args.autosave_duration,
                    title=f"{n:,} candidates, one save each {args.autosave_interval:g} s",
                )
            )
        print("  autosave: capacity, 8 clients back to back", file=sys.stderr)
        results.append(
            bench_autosave.drive(
                args.port, candidates[:8], interval=0, seconds=10, title="8 clients, no pause"
            )
        )
    finally:
        stop_server(server)
        from django.contrib.sessions.models import Session

        Session.objects.filter(
            session_key__in=[c.cookie.split(";")[0].partition("=")[2] for c in candidates]
        ).delete()
        bench_autosave.cleanup()
    text = (
        f"gunicorn with {args.workers} sync workers; each candidate posts one answer to "
        f"`/written-exam/attempts/<pk>/answer/` every {args.autosave_interval:g} s for "
        f"{args.autosave_duration:g} s (random start offsets), sent by one asyncio loop; latency "
        "from the moment each save was due; driver CPU: the load generator's share of one core."
        "\n\n" + bench_autosave.table(results)
    )
    return text, any(r.errors for r in results)


def measure_certificates(args, env) -> tuple[str, bool]:
    import bench_certificates

    bursts, render = [], None
    for processes in (1, 2):
        print(f"  certificates: burst of {args.certificates} on {processes}", file=sys.stderr)
        result, measured = bench_certificates.burst(
            env, count=args.certificates, processes=processes, measure_render=processes == 2
        )
        bursts.append(result)
        render = measured or render
    return bench_certificates.table(bursts, render), False


def main() -> None:
    args = parse_args()
    env = server_environment()
    check_migrations(env)
    collect_static(env)
    setup_django(env)
    from django.db import connection

    suites = {
        "pages": measure_pages,
        "autosave": measure_autosave,
        "certificates": measure_certificates,
    }
    wanted = [name.strip() for name in args.suite.split(",") if name.strip()]
    command = args.command or " ".join([".venv/bin/python", "scripts/benchmark.py", *sys.argv[1:]])
    failed = False
    for name in wanted:
        load_before = load()
        connection.close()
        text, errors = suites[name](args, env)
        failed |= errors
        text = (
            f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} with `{command}`, DJANGO_DEBUG=false; "
            f"load average (1/5/15 min) {load_before} at the start, {load()} at the end. " + text
        )
        print(f"\n## {name}\n\n{text}")
        if args.write:
            write_results(ROOT / args.write, name, text)
    if args.write:
        print(f"\nWritten to {args.write}", file=sys.stderr)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
