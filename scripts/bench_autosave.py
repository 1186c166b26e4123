"""The written exam's autosave under load: N candidates each saving an answer every few seconds.

Used by scripts/benchmark.py (`--suite autosave`). The national seed has no question bank and
no open attempts, so this module makes its own, in the benchmark database only: a "Benchmark"
topic with 40 single-answer questions (codes `bench-q01`...), a dedicated inactive written exam
("Benchmark edition", never offered to anyone), and one open attempt of 40 items for each of N
seeded applicants. The attempts are deleted at the end; the bank is kept for the next run.

Each simulated candidate has their own session and CSRF cookie and posts one answer to
`/written-exam/attempts/<pk>/answer/` every `interval` seconds (the page's script does the same
on every change), starting at a random offset so the load is spread as a real cohort's is.
"""

import http.client
import random
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import timedelta

QUESTIONS = 40
EXAM_TITLE = "Benchmark edition (autosave load; never offered)"


@dataclass
class Candidate:
    attempt_id: int
    cookie: str
    csrf: str


@dataclass
class LoadResult:
    title: str
    candidates: int
    interval: float
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def _bench_exam():
    from exams.models import Question, QuestionVersion, Topic, WrittenExam
    from programs.models import TrainingProgram

    topic, _ = Topic.objects.get_or_create(name="Benchmark")
    program = TrainingProgram.objects.order_by("pk").first()
    exam, _ = WrittenExam.objects.get_or_create(
        title=EXAM_TITLE, program=program, defaults={"is_active": False, "time_limit_minutes": 180}
    )
    versions = []
    for n in range(1, QUESTIONS + 1):
        question, created = Question.objects.get_or_create(
            code=f"bench-q{n:02d}", defaults={"kind": Question.Kind.SINGLE}
        )
        if created or question.current_version_id is None:
            version = QuestionVersion.objects.create(
                question=question,
                number=1,
                topic=topic,
                difficulty="medium",
                stem=f"Benchmark question {n}",
                options=[{"key": k, "text": f"Option {k}"} for k in "abcd"],
                correct=["a"],
            )
            question.current_version = version
            question.save(update_fields=["current_version"])
        versions.append(question.current_version)
    return exam, versions


def prepare(count: int, make_session) -> list[Candidate]:
    """Open attempts for `count` seeded applicants; `make_session(user)` returns a cookie."""
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from exams.models import Attempt, AttemptItem

    exam, versions = _bench_exam()
    Attempt.objects.filter(exam=exam).delete()
    people = list(
        User.objects.filter(groups__name=Role.APPLICANT, email__endswith="@seed.test").order_by(
            "pk"
        )[:count]
    )
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        Attempt(
            exam=exam,
            candidate=person,
            number=1,
            started_at=now,
            deadline=now + timedelta(hours=3),
            max_points=len(versions),
        )
        for person in people
    )
    AttemptItem.objects.bulk_create(
        (
            AttemptItem(
                attempt=attempt,
                position=position,
                question_id=version.question_id,
                version=version,
                option_order=list("abcd"),
            )
            for attempt in attempts
            for position, version in enumerate(versions, start=1)
        ),
        batch_size=5000,
    )
    candidates = []
    for person, attempt in zip(people, attempts, strict=True):
        csrf = secrets.token_hex(16)  # an unmasked 32-character secret: cookie and header agree
        candidates.append(Candidate(attempt.pk, f"{make_session(person)}; csrftoken={csrf}", csrf))
    return candidates


def cleanup() -> None:
    from exams.models import Attempt

    exam, _ = _bench_exam()
    Attempt.objects.filter(exam=exam).delete()


def drive(
    port: int, candidates: list[Candidate], *, interval: float, seconds: float, title: str
) -> LoadResult:
    """Every candidate saves one answer each `interval` seconds (0: back to back)."""
    result = LoadResult(title, len(candidates), interval)
    lock = threading.Lock()
    began = time.perf_counter()
    stop_at = began + seconds

    def candidate_loop(candidate: Candidate, offset: float):
        rng = random.Random(candidate.attempt_id)  # noqa: S311 (load, not secrets)
        latencies, errors, samples = [], 0, {}
        path = f"/written-exam/attempts/{candidate.attempt_id}/answer/"
        headers = {
            "Cookie": candidate.cookie,
            "X-CSRFToken": candidate.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        next_at = began + offset
        while True:
            if interval:
                pause = next_at - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                next_at += interval
            start = time.perf_counter()
            if start >= stop_at:
                break
            body = urllib.parse.urlencode(
                {"position": rng.randint(1, QUESTIONS), "choice": rng.randint(0, 3)}
            )
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                status, label = response.status, str(response.status)
            except (OSError, http.client.HTTPException) as error:
                status, label = 0, type(error).__name__
            if status == 200:
                latencies.append(time.perf_counter() - start)
            else:
                errors += 1
                samples[label] = samples.get(label, 0) + 1
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            for label, n in samples.items():
                result.error_samples[label] = result.error_samples.get(label, 0) + n

    threads = [
        threading.Thread(
            target=candidate_loop,
            args=(c, random.uniform(0, interval) if interval else 0.0),  # noqa: S311
            daemon=True,
        )
        for c in candidates
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


def table(results: list[LoadResult]) -> str:
    lines = [
        "| load | candidates | saves | errors | saves/s | p50 ms | p95 ms | p99 ms "
        "| target: p95 < 50 ms, no errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in results:
        ok = not r.errors and r.percentile(95) < 50
        verdict = "**pass**" if ok else "**FAIL**"
        if not r.interval:
            verdict = "capacity (no target)"
        lines.append(
            f"| {r.title} | {r.candidates:,} | {len(r.latencies):,} | {r.errors} | {r.rate:,.0f} "
            f"| {r.percentile(50):.1f} | {r.percentile(95):.1f} | {r.percentile(99):.1f} "
            f"| {verdict} |"
        )
    errors = [
        f"- {r.title}: {r.errors} failed saves: {r.error_samples}" for r in results if r.errors
    ]
    return "\n".join([*lines, *([""] + errors if errors else [])])
