#!/usr/bin/env python
"""Measure the pages DESIGN.md sets speed targets for, side by side with a 3-query reference.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cert_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python scripts/benchmark.py [--clients 4] [--duration 10] [--write BENCHMARKS.md]

It starts gunicorn (2 sync workers, as scripts/serve.sh does) with the production settings
(DJANGO_DEBUG=false) on plain-HTTP localhost, signs in as seeded people by writing their sessions
straight into the session store, and drives each page with N keep-alive clients for a fixed time
after a warm-up. The reference page (certification/bench.py) is measured first and last; each
page's ratio is taken against the mean of the two, so drift during the run shows up.
Run it against a database filled by `manage.py seed_large`, never against production.
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
P95_TARGET_MS = 50.0
RATIO_TARGET = 0.60
RESULTS_START = "<!-- benchmark results: start -->"
RESULTS_END = "<!-- benchmark results: end -->"


@dataclass
class Page:
    key: str
    title: str
    url: str = ""
    cookie: str = ""
    who: str = ""
    targeted: bool = True  # DESIGN.md sets a target for it
    queries: int | None = None


@dataclass
class Result:
    page: Page
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: dict[str, int] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


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
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pick_pages() -> list[Page]:
    """Seeded people in the heaviest realistic spots, each signed in with a fresh session."""
    from django.db.models import Count, Q

    from accounts.models import User
    from accounts.roles import Role
    from exams.models import ExaminerAssignment
    from programs.models import Enrollment, HandsOnSession

    def someone(role: Role) -> User | None:
        return (
            User.objects.filter(groups__name=role, email__endswith="@seed.test")
            .order_by("pk")
            .first()
        )

    # The trainee deep in the pathway: enrolled, with the longest case log.
    busiest_enrollment = (
        HandsOnSession.objects.filter(enrollment__status=Enrollment.Status.ENROLLED)
        .values("enrollment_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest_enrollment is None:
        sys.exit("No enrolled trainee with sessions: seed the database with seed_large first.")
    trainee = Enrollment.objects.get(pk=busiest_enrollment["enrollment_id"]).applicant
    # The instructor with the longest verification queue.
    busiest_supervisor = (
        HandsOnSession.objects.filter(status=HandsOnSession.Status.SUBMITTED)
        .values("supervisor_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    instructor = User.objects.get(pk=busiest_supervisor["supervisor_id"])
    admin = someone(Role.PROGRAM_ADMIN)
    # The examiner with the most forms, on one of their drafts.
    examiner_row = (
        ExaminerAssignment.objects.values("examiner_id")
        .annotate(n=Count("id"), drafts=Count("id", filter=Q(status="draft")))
        .order_by("-n")
        .first()
    )
    pages = [Page("reference", "Reference: 3 ORM queries", "/bench/reference/", targeted=False)]
    pages += [
        Page("dashboard", "Applicant dashboard", "/dashboard/", session(trainee), trainee.email),
        Page(
            "training",
            "Trainee's training page",
            "/training/",
            session(trainee),
            trainee.email,
            targeted=False,
        ),
        Page("review_queue", "Admin review queue", "/staff/reviews/", session(admin), admin.email),
        Page(
            "verification_queue",
            "Instructor verification queue",
            "/instructor/sessions/",
            session(instructor),
            instructor.email,
        ),
    ]
    if examiner_row:
        examiner = User.objects.get(pk=examiner_row["examiner_id"])
        form = (
            ExaminerAssignment.objects.filter(examiner=examiner)
            .order_by("-status", "pk")  # "draft" after "submitted" descending: drafts first
            .first()
        )
        cookie = session(examiner)
        pages += [
            Page("examiner_home", "Examiner's forms", "/examiner/", cookie, examiner.email),
            Page(
                "score_form",
                "Examiner score form",
                f"/examiner/forms/{form.pk}/",
                cookie,
                examiner.email,
            ),
        ]
    return pages


def session(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def count_queries(pages: list[Page]) -> None:
    """SQL queries per page, through the test client in this process (same database)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        client = Client(
            raise_request_exception=False, HTTP_COOKIE=page.cookie, headers={"host": "127.0.0.1"}
        )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url, secure=True)
        page.queries = len(captured) if response.status_code == 200 else None


def drop_sessions(pages: list[Page]) -> None:
    from django.contrib.sessions.models import Session

    keys = {p.cookie.partition("=")[2] for p in pages if p.cookie}
    Session.objects.filter(session_key__in=keys).delete()


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


def drive(port: int, page: Page, clients: int, seconds: float) -> Result:
    """N threads, each with its own connection, requesting the page until the time is up.

    gunicorn's sync workers close the connection after each response; http.client then opens
    a new one for the next request, which is the cost a real client pays too."""
    headers = {"Cookie": page.cookie} if page.cookie else {}
    result = Result(page, seconds)
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        latencies, errors, samples = [], 0, {}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            start = time.perf_counter()
            if start >= stop_at:
                break
            try:
                conn.request("GET", page.url, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                label = f"{status} {response.getheader('Location') or ''}".strip()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                status, label = 0, type(error).__name__
            took = time.perf_counter() - start
            if status == 200:
                latencies.append(took)
            else:
                errors += 1
                samples[label] = samples.get(label, 0) + 1
        conn.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            for label, n in samples.items():
                result.error_samples[label] = result.error_samples.get(label, 0) + n

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


def verdict(result: Result, reference_rate: float) -> str:
    if not result.page.targeted:
        return "no target"
    ratio = result.rate / reference_rate if reference_rate else 0
    failures = []
    if result.errors:
        failures.append("errors")
    if not result.percentile(95) < P95_TARGET_MS:
        failures.append(f"p95 ≥ {P95_TARGET_MS:g} ms")
    if ratio < RATIO_TARGET:
        failures.append(f"ratio < {RATIO_TARGET:.2f}")
    return "**pass**" if not failures else "**FAIL** (" + ", ".join(failures) + ")"


def table(results: list[Result], reference_rate: float) -> str:
    lines = [
        "| page | URL | SQL queries | requests | errors | req/s | p50 ms | p95 ms | p99 ms "
        "| ratio to reference | target: p95 < 50 ms and ratio ≥ 0.60 |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in results:
        ratio = r.rate / reference_rate if reference_rate else float("nan")
        queries = "?" if r.page.queries is None else str(r.page.queries)
        lines.append(
            f"| {r.page.title} | `{r.page.url}` | {queries} | {r.requests:,} | {r.errors} "
            f"| {r.rate:,.0f} | {r.percentile(50):.1f} | {r.percentile(95):.1f} "
            f"| {r.percentile(99):.1f} | {ratio:.2f} | {verdict(r, reference_rate)} |"
        )
    return "\n".join(lines)


def write_results(path: Path, text: str) -> None:
    body = path.read_text() if path.exists() else ""
    block = f"{RESULTS_START}\n{text}\n{RESULTS_END}"
    if RESULTS_START in body and RESULTS_END in body:
        body = re.sub(
            re.escape(RESULTS_START) + ".*?" + re.escape(RESULTS_END),
            lambda _: block,
            body,
            flags=re.S,
        )
    else:
        body = body.rstrip() + "\n\n## Results\n\n" + block + "\n"
    path.write_text(body)


def main() -> None:
    args = parse_args()
    env = server_environment()
    check_migrations(env)
    collect_static(env)
    setup_django(env)
    from django.db import connection

    pages = pick_pages()
    if args.only:
        wanted = {key.strip() for key in args.only.split(",")} | {"reference"}
        pages = [p for p in pages if p.key in wanted]
    count_queries(pages)
    connection.close()
    server = start_server(args, env)
    results = []
    try:
        # Reference first and last: the ratio uses their mean, and their gap shows the noise.
        order = [*pages, pages[0]]
        for page in order:
            print(f"  {page.title} {page.url} ({page.who or 'anonymous'}) ...", file=sys.stderr)
            drive(args.port, page, args.clients, args.warmup)
            results.append(drive(args.port, page, args.clients, args.duration))
    finally:
        stop_server(server)
        drop_sessions(pages)
    first, last = results[0], results[-1]
    reference_rate = (first.rate + last.rate) / 2
    first.page = Page("reference", "Reference: 3 ORM queries (first)", first.page.url)
    first.page.targeted, first.page.queries = False, pages[0].queries
    last.page = Page("reference", "Reference: 3 ORM queries (last)", last.page.url)
    last.page.targeted, last.page.queries = False, pages[0].queries
    command = args.command or " ".join([".venv/bin/python", "scripts/benchmark.py", *sys.argv[1:]])
    errors = [
        f"- {r.page.title}: {r.errors} non-200 responses: {r.error_samples}"
        for r in results
        if r.errors
    ]
    text = "\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} with `{command}`: "
            f"{args.clients} clients, {args.duration:g} s per page after a {args.warmup:g} s "
            f"warm-up, gunicorn with {args.workers} sync workers, DJANGO_DEBUG=false. "
            f"Reference rate used for the ratios: {reference_rate:,.0f} req/s "
            f"(mean of first and last).",
            "",
            table(results, reference_rate),
            *([""] + errors if errors else []),
        ]
    )
    print(text)
    if args.write:
        write_results(ROOT / args.write, text)
        print(f"\nWritten to {args.write}", file=sys.stderr)
    if any(r.errors for r in results) or statistics.fmean([r.rate for r in results]) == 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
