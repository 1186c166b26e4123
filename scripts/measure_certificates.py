"""What one certificate costs a worker process, in process: CPU ms of the render alone and of a
whole issue (claim, render, file, issued row, audit, e-mail sent), SQL queries per issue,
optionally profiled.

    DATABASE_URL=postgres://.../<seeded db> REDIS_URL=redis://... \\
        .venv/bin/python scripts/measure_certificates.py [--certificates 100] [--profile]

The burst's set-up (scripts/bench_certificates.py: pending certificates made through
`issue_if_earned` for seeded applicants with a passed practical) and production settings, but
the tasks run eagerly in this process (the render task, and the e-mail task it queues on
commit), with no broker in between: no Celery overhead, no second process. CPU time is
the figure to compare on a shared machine. `--profile` prints the cProfile (CPU time) of the
measured issues, by cumulative time. The certificates, their files, audit entries and e-mails
are deleted at the end (the queued tasks are purged).
"""

import argparse
import cProfile
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_certificates  # noqa: E402
import benchmark  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificates", type=int, default=100)
    parser.add_argument("--renders", type=int, default=50, help="renders alone, timed (50)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=45, help="profile lines to print (45)")
    parser.add_argument("--callees", default="", help="also print the callees of these functions")
    args = parser.parse_args()

    env = benchmark.server_environment()
    # The e-mails are built and sent to memory: the console backend's text would bury the report.
    env["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    benchmark.setup_django(env)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.outbox import OutgoingEmail
    from certification.celery import app
    from certification.documents import certificate_pdf, warm_up
    from certification.models import Certificate
    from certification.services import render_and_issue, render_data, verify_url

    warm_up()  # as a worker process does when it starts
    app.control.purge()
    last_email = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids, _ = bench_certificates._create_pending(args.certificates)
    app.control.purge()  # the renders queued on commit: run here instead
    app.conf.task_always_eager = True  # the e-mail task runs at the issue's commit
    if not ids:
        sys.exit("No seeded applicant has a complete pathway without a certificate.")

    def issue(certificate_id: int) -> None:
        assert render_and_issue(certificate_id=certificate_id) == "issued"

    try:
        issue(ids[0])  # a first issue warms what the render leaves cold
        with CaptureQueriesContext(connection) as queries:
            issue(ids[1])
        profile = cProfile.Profile(time.process_time) if args.profile else None
        cpu, wall = [], []
        for certificate_id in ids[2:]:
            started, started_wall = time.process_time(), time.perf_counter()
            if profile:
                profile.enable()
            issue(certificate_id)
            if profile:
                profile.disable()
            cpu.append((time.process_time() - started) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
        certificate = Certificate.objects.get(pk=ids[0])
        data, url = render_data(certificate), verify_url(certificate)
        render = []
        for _ in range(args.renders):
            started = time.process_time()
            certificate_pdf(data, url)
            render.append((time.process_time() - started) * 1000)
    finally:
        bench_certificates._delete(ids)
        OutgoingEmail.objects.filter(pk__gt=last_email).delete()
    print(
        f"render alone: CPU ms median {statistics.median(render):.1f}; "
        f"{len(cpu)} issues: CPU ms median {statistics.median(cpu):.1f}, "
        f"mean {statistics.fmean(cpu):.1f}; wall ms median {statistics.median(wall):.1f}; "
        f"{len(queries.captured_queries)} SQL queries per issue "
        "(the e-mail's send included)"
    )
    benchmark.print_queries_and_profile(
        queries.captured_queries, profile, top=args.top, callees=args.callees
    )


if __name__ == "__main__":
    main()
