"""The pages DESIGN.md sets speed targets for: who is signed in where, their SQL queries, and the
load driver (N keep-alive clients for a fixed time). Used by scripts/benchmark.py."""

import http.client
import sys
import threading
import time
from dataclasses import dataclass, field

P95_TARGET_MS = 50.0
RATIO_TARGET = 0.60


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
    # The second baseline: the base layout with an empty body, signed in. Every page pays it.
    pages += (
        [
            Page(
                f"layout_{key}",
                f"Empty layout, signed in ({label})",
                "/bench/layout/",
                session(who),
                who.email,
                targeted=False,
            )
            for key, label, who in [
                ("trainee", "trainee", trainee),
                ("admin", "program admin", admin),
                ("examiner", "examiner", User.objects.get(pk=examiner_row["examiner_id"])),
            ]
            if who is not None
        ]
        if examiner_row
        else []
    )
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
            "ready_queue",
            "Practical ready queue (first page)",
            "/staff/practical/ready/",
            session(admin),
            admin.email,
            targeted=False,
        ),
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
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
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
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for key in {p.cookie.partition("=")[2] for p in pages if p.cookie}:
        store.delete(key)  # the database row and the cached copy


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
