"""The cohort-end burst: 1,000 certificates issued by 1 and by 2 worker processes, and the render
ratio (the app's certificate render against WeasyPrint on the same HTML alone).

Used by scripts/benchmark.py (`--suite certificates`). Candidates are seeded applicants with a
passed practical sitting and no certificate of that program. For each run:

1. the pending certificates are created through the product's own path,
   `certification.services.issue_if_earned` (the pathway check, the pending row, the audit entry,
   the render queued on commit), timed per applicant, with no worker running, so the renders
   wait in the Redis queue as they would at a cohort's end;
2. a Celery worker with N prefork processes is started and the clock runs until every one of
   them is issued (its e-mails are queued and sent by the same worker, as in production);
3. the certificates, their files and their audit entries are deleted again.
"""

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import process_cpu

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BurstResult:
    processes: int
    certificates: int
    create_ms: float  # median per pending certificate, the pathway check included
    seconds: float  # from the worker's start until the last is issued
    busy_seconds: float  # from the first issue to the last (the worker's boot left out)
    # CPU seconds each kind of process used from the worker's start to the last issue (its boot
    # and the e-mails included; process_cpu.py).
    cpu: dict[str, float]

    @property
    def per_second(self) -> float:
        return self.certificates / self.busy_seconds if self.busy_seconds else 0.0


def _candidates(count: int):
    from certification.models import Certificate
    from exams.models import PracticalSitting

    holders = Certificate.objects.values("holder_id")
    return list(
        PracticalSitting.objects.filter(status=PracticalSitting.Status.PASSED)
        .exclude(candidate_id__in=holders)
        .select_related("candidate", "program")
        .order_by("pk")[: count * 2]
    )


def _create_pending(count: int) -> tuple[list[int], float]:
    from certification.services import issue_if_earned

    ids, timings = [], []
    for sitting in _candidates(count):
        if len(ids) >= count:
            break
        start = time.perf_counter()
        made = issue_if_earned(applicant=sitting.candidate, program=sitting.program)
        timings.append((time.perf_counter() - start) * 1000)
        ids += [c.pk for c in made]
    return ids, statistics.median(timings) if timings else float("nan")


def _delete(ids: list[int]) -> None:
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import AuditEntry
    from certification.models import Certificate

    storage = Certificate._meta.get_field("pdf").storage
    for name in (
        Certificate.objects.filter(pk__in=ids).exclude(pdf="").values_list("pdf", flat=True)
    ):
        storage.delete(name)
    kind = ContentType.objects.get_for_model(Certificate)
    # Benchmark rows only: the audit trail of real data is never touched.
    AuditEntry.objects.filter(target_type=kind, target_id__in=[str(i) for i in ids]).delete()
    Certificate.objects.filter(pk__in=ids).delete()


def burst(
    env: dict[str, str], *, count: int, processes: int, measure_render=False, timeout: float = 600
) -> tuple[BurstResult, tuple[float, float] | None]:
    from django.db.models import Max, Min

    from certification.celery import app
    from certification.models import Certificate

    app.control.purge()
    ids, create_ms = _create_pending(count)
    if not ids:
        sys.exit("No seeded applicant has a complete pathway without a certificate.")
    log = open(ROOT / "var" / f"bench-worker-{processes}.log", "w")  # noqa: SIM115
    machine = process_cpu.snapshot()
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "certification", "worker", "-l", "WARNING"]
        + ["--concurrency", str(processes), "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started = time.perf_counter()
    issued = Certificate.objects.filter(pk__in=ids, status=Certificate.Status.ISSUED)
    try:
        while issued.count() < len(ids):
            if time.perf_counter() - started > timeout or worker.poll() is not None:
                sys.exit(f"The worker issued {issued.count()} of {len(ids)}; see {log.name}")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        cpu = process_cpu.since(machine)  # before the worker stops: its processes still count
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
        log.close()
    span = issued.aggregate(first=Min("issued_at"), last=Max("issued_at"))
    busy = (span["last"] - span["first"]).total_seconds() if len(ids) > 1 else seconds
    render = render_ratio(ids[0]) if measure_render else None
    _delete(ids)
    return BurstResult(processes, len(ids), create_ms, seconds, busy, cpu), render


def render_ratio(certificate_id: int, rounds: int = 20) -> tuple[float, float]:
    """Median ms of the app's render (data, QR code, template, WeasyPrint) of one issued
    certificate, and of WeasyPrint alone on the same page: the HTML that render lays out (QR code
    included, and the drawings the app keeps, seal and corners, inline as data: URLs) with its
    stylesheet, parsed for the call as a plain
    `HTML(string=...).write_pdf(stylesheets=[CSS(string=...)])` would."""
    import base64

    from weasyprint import CSS, HTML

    from certification.documents import (
        certificate_html,
        certificate_pdf,
        certificate_stylesheet,
        drawings,
    )
    from certification.models import Certificate
    from certification.services import render_data, verify_url

    certificate = Certificate.objects.get(pk=certificate_id)
    data, url = render_data(certificate), verify_url(certificate)
    certificate_pdf(data, url)  # warm: fonts and Pango load once per process
    html, stylesheet = certificate_html(data, url), certificate_stylesheet()
    for address, svg in drawings(data).items():
        inline = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        html = html.replace(f'"{address}"', f'"{inline}"')
        stylesheet = stylesheet.replace(f'"{address}"', f'"{inline}"')
    HTML(string=html).write_pdf(stylesheets=[CSS(string=stylesheet)])
    full, bare = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        certificate_pdf(data, url)
        full.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        HTML(string=html).write_pdf(stylesheets=[CSS(string=stylesheet)])
        bare.append((time.perf_counter() - start) * 1000)
    return statistics.median(full), statistics.median(bare)


def table(bursts: list[BurstResult], render: tuple[float, float] | None) -> str:
    lines = [
        "",
        "",
        "| worker processes | certificates | pending row, median ms (pathway check) "
        "| worker start to last issued, s | first to last issued, s | certificates/s "
        "| CPU ms a certificate, by process | target: 1,000 in < 30 s on 2 |",
        "|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for b in bursts:
        verdict = "no target"
        if b.processes == 2:
            projected = 1000 / b.per_second if b.per_second else float("inf")
            verdict = "**pass**" if projected < 30 else "**FAIL**"
            verdict += f" (1,000 in {projected:.0f} s)"
        lines.append(
            f"| {b.processes} | {b.certificates:,} | {b.create_ms:.1f} | {b.seconds:.1f} "
            f"| {b.busy_seconds:.1f} | {b.per_second:.1f} "
            f"| {process_cpu.per_unit(b.cpu, b.certificates)} | {verdict} |"
        )
    if render:
        full, bare = render
        ratio = full / bare if bare else float("nan")
        verdict = "**pass**" if ratio <= 1.5 else "**FAIL**"
        lines += [
            "",
            f"Certificate render: {full:.1f} ms (the app: data, QR code, template, WeasyPrint) "
            f"against {bare:.1f} ms (WeasyPrint alone on the same HTML and stylesheet), "
            f"ratio {ratio:.2f}; "
            f"target within 1.5x: {verdict}.",
        ]
    return "\n".join(lines)
