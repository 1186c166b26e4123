"""Demo certificates: a holder with an issued certificate and one whose certificate was revoked.

Each holder walks the whole pathway through the services, each step on its day: trained in the
practical exam's cohort (qualified, enrolled, theory recorded, sessions verified), the written
exam sat and passed through the attempt services, then a practical sitting scheduled and scored
by the examiner. That pass completes the last step, so the certificate is created by the same
listener and rendered by the same task as in real use. Running it again changes nothing.
"""

import random

from django.db import transaction

from accounts.demo import as_of, days_ago
from accounts.models import User
from exams.demo import sit_practical, sit_written
from exams.demo.practical import practical_cohort
from programs.demo import demo_program, train

from . import services
from .models import Certificate

# (e-mail, license number, days since the practical exam, revoked with this reason or "")
HOLDERS = [
    ("holder@demo.test", "A-300201", 3, ""),
    (
        "revoked@demo.test",
        "A-300202",
        4,
        "The practical exam was sat by a substitute (board decision).",
    ),
]


def seed_certificates() -> None:
    program = demo_program()
    examiner = User.objects.get(email="examiner@demo.test")
    admin = User.objects.get(email="admin@demo.test")
    for n, (email, license_number, days, revocation) in enumerate(HOLDERS):
        user = User.objects.get(email=email)
        if Certificate.objects.filter(holder=user, program=program).exists():
            continue
        with transaction.atomic():
            with as_of(days_ago(days + 6, hour=9)):
                train(user, practical_cohort(), license_number)
            rng = random.Random(100 + n)  # noqa: S311 - demo answers, the same on every seed
            sit_written(user, at=days_ago(days + 3), ability=1.0, rng=rng)
            # The pass completes the last step: the certificate is created here, pending.
            sit_practical(user, at=days_ago(days, hour=14), scores={examiner: [4, 4, 3, 4, 4]})
        certificate = Certificate.objects.get(holder=user, program=program)
        # Embedded mode renders on commit (eager); with a worker this makes the demo ready now.
        services.render_and_issue(certificate_id=certificate.pk)
        if revocation:
            services.revoke_certificate(certificate=certificate, actor=admin, reason=revocation)
