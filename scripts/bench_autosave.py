"""The written exam's autosave under load: N candidates each saving an answer every few seconds.

Used by scripts/benchmark.py (`--suite autosave`). The national seed has no question bank and
no open attempts, so this module makes its own, in the benchmark database only: a "Benchmark"
topic with 40 single-answer questions (codes `bench-q01`...), a dedicated inactive written exam
("Benchmark edition", never offered to anyone), and one open attempt of 40 items for each of N
seeded applicants. The attempts are deleted at the end; the bank is kept for the next run.

Each simulated candidate has their own session and CSRF cookie and posts one answer to
`/written-exam/attempts/<pk>/answer/` every `interval` seconds (the page's script does the same
on every change), starting at a random offset so the load is spread as a real cohort's is. One
asyncio loop sends them all (see `drive`): latency runs from the moment a save was due.
"""

import asyncio
import random
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import timedelta

import process_cpu

QUESTIONS = 40
TIMEOUT = 30.0  # seconds before a save counts as failed
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
    driver_cpu: float = 0.0  # the driver's own CPU seconds: the share it took from the server
    # CPU seconds each kind of process on the machine used during the run (process_cpu.py).
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def driver_share(self) -> float:
        """The driver's CPU as a share of one core over the run."""
        return self.driver_cpu / self.seconds if self.seconds else 0.0

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


async def _post(port: int, request: bytes, idle: list) -> int:
    """Send one request on an idle connection of this candidate's, or a new one; the status.

    Connections are kept alive when the server allows it, as a browser would; gunicorn's sync
    workers close each after its response, so there a save opens a new connection, as a
    browser's would."""
    while idle:
        reader, writer = idle.pop()
        try:
            return await _exchange(reader, writer, request, idle)
        except (OSError, asyncio.IncompleteReadError):
            continue  # the server closed it while idle: a browser retries on a fresh one
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    return await _exchange(reader, writer, request, idle)


async def _exchange(reader, writer, request: bytes, idle: list) -> int:
    try:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = dict(
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        )
        if "content-length" in fields:
            await reader.readexactly(int(fields["content-length"]))
            keep = fields.get("connection", "").lower() != "close"
        else:
            await reader.read()  # the body runs to the end of the connection
            keep = False
    except BaseException:
        writer.close()
        raise
    if keep:
        idle.append((reader, writer))
    else:
        writer.close()
    return status


async def _drive(port, candidates, *, interval, seconds, result) -> None:
    loop = asyncio.get_running_loop()
    began = loop.time()
    stop_at = began + seconds
    in_flight: set[asyncio.Task] = set()
    connections: list[list] = []  # each candidate's idle keep-alive connections

    def record(due: float, status: int, label: str) -> None:
        if status == 200:
            result.latencies.append(loop.time() - due)
        else:
            result.errors += 1
            result.error_samples[label] = result.error_samples.get(label, 0) + 1

    async def save(candidate: Candidate, body: bytes, due: float, idle: list) -> None:
        request = (
            f"POST /written-exam/attempts/{candidate.attempt_id}/answer/ HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nCookie: {candidate.cookie}\r\n"
            f"X-CSRFToken: {candidate.csrf}\r\nConnection: keep-alive\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        try:
            status = await asyncio.wait_for(_post(port, request, idle), timeout=TIMEOUT)
            record(due, status, str(status))
        except (OSError, EOFError, asyncio.LimitOverrunError, TimeoutError, ValueError) as error:
            record(due, 0, type(error).__name__)

    async def candidate_loop(candidate: Candidate, offset: float) -> None:
        rng = random.Random(candidate.attempt_id)  # noqa: S311 (load, not secrets)
        idle: list = []
        connections.append(idle)
        due = began + offset
        while due < stop_at:
            await asyncio.sleep(due - loop.time())
            body = urllib.parse.urlencode(
                {"position": rng.randint(1, QUESTIONS), "choice": rng.randint(0, 3)}
            ).encode()
            if interval:
                # Due on the clock, whether or not the last save has answered (the page's
                # script does not wait either): a slow server shows as latency, not fewer saves.
                task = asyncio.create_task(save(candidate, body, due, idle))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
                due += interval
            else:
                await save(candidate, body, due, idle)  # back to back: due when the last ended
                due = loop.time()

    await asyncio.gather(
        *(
            candidate_loop(c, random.uniform(0, interval) if interval else 0.0)  # noqa: S311
            for c in candidates
        )
    )
    while in_flight:
        await asyncio.gather(*list(in_flight))
    for idle in connections:
        for _, writer in idle:
            writer.close()


def drive(
    port: int, candidates: list[Candidate], *, interval: float, seconds: float, title: str
) -> LoadResult:
    """Every candidate saves one answer each `interval` seconds (0: back to back), for `seconds`.

    One asyncio loop in one thread drives every candidate (one OS thread per candidate took the
    2 cores from the server it measured). Each save is due at the candidate's random offset plus
    a multiple of `interval`, and its latency runs from that moment to the end of the answer, so
    a save the driver or the server was late to send counts its wait."""
    result = LoadResult(title, len(candidates), interval)
    began, cpu, machine = time.perf_counter(), time.process_time(), process_cpu.snapshot()
    asyncio.run(_drive(port, candidates, interval=interval, seconds=seconds, result=result))
    result.seconds = time.perf_counter() - began
    result.driver_cpu = time.process_time() - cpu
    result.cpu = process_cpu.since(machine)
    return result


def table(results: list[LoadResult]) -> str:
    lines = [
        "| load | candidates | saves | errors | saves/s | p50 ms | p95 ms | p99 ms "
        "| driver CPU | CPU ms a save, by process | target: p95 < 50 ms, no errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for r in results:
        ok = not r.errors and r.percentile(95) < 50
        verdict = "**pass**" if ok else "**FAIL**"
        if not r.interval:
            verdict = "capacity (no target)"
        lines.append(
            f"| {r.title} | {r.candidates:,} | {len(r.latencies):,} | {r.errors} | {r.rate:,.0f} "
            f"| {r.percentile(50):.1f} | {r.percentile(95):.1f} | {r.percentile(99):.1f} "
            f"| {r.driver_share:.0%} | {process_cpu.per_unit(r.cpu, len(r.latencies))} "
            f"| {verdict} |"
        )
    errors = [
        f"- {r.title}: {r.errors} failed saves: {r.error_samples}" for r in results if r.errors
    ]
    return "\n".join([*lines, *([""] + errors if errors else [])])
