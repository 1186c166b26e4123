"""Demo of the certificate's later life: renewals under review, a CE audit, a lapsed
certificate, a suspended license, a board's monitoring file and appeals.

The holders were certified about two years ago in the demo program (a cohort of their own, the
written and practical exams sat and scored then), renewed their license, BLS card and CE since,
and stand today where the README says. Everything runs through the services at the moment it
happened (`accounts.demo.as_of`); only the random CE-audit draw is decided by the demo, as it
decides the clock. Running it again changes nothing.
"""

import random
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from unittest import mock

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from accounts import discipline, monitoring
from accounts import services as account_services
from accounts.demo import CE, CERT, _credential, _license, as_of, days_ago, demo_person, scan
from accounts.models import MedicalLicense, ReviewStatus, User
from accounts.roles import Role
from exams.demo import sit_practical, sit_written
from exams.demo.practical import practical_cohort
from exams.models import Attempt
from programs.demo import cohort, demo_program, train
from programs.models import CECategory

from . import appeals, renewals, services
from .models import Appeal, Certificate, Renewal
from .pipeline import refresh_pathway_step

SECOND_ADMIN = ("admin2@demo.test", "Samuel Okonkwo")
# (e-mail, first license, renewed license, days from today to the certificate's expiry, cohort)
HOLDERS = [
    ("renewing@demo.test", "A-300301", "A-310301", 45, "Second cohort"),
    ("audited@demo.test", "A-300302", "A-310302", 60, "Second cohort"),
    ("lapsed@demo.test", "A-300303", "A-310303", -75, "First cohort"),
]
# Cohorts of the demo program two years back (days ago they started).
OLD_COHORTS = {"First cohort": 900, "Second cohort": 770}
SUSPENDED = ("suspended@demo.test", "A-300304")


def _admin() -> User:
    return User.objects.get(email="admin@demo.test")


@contextmanager
def audit_draw(picked: bool):
    """The CE-audit draw is random (renewals.pick_for_audit); the demo decides it, so each
    demo renewal is in the state the README names."""
    with mock.patch.object(renewals, "pick_for_audit", lambda percent: picked):
        yield


def _issued_days_ago(expires_in: int) -> int:
    """How long ago a certificate was issued that expires `expires_in` days from today."""
    today = timezone.localdate()
    months = services._policy(demo_program())[0]
    issued_on = today + timedelta(days=expires_in) - relativedelta(months=months)
    return (today - issued_on).days


def _certify(user: User, *, license_number: str, cohort_name: str, days: int, seed: int):
    """Trained in an old cohort of the demo program and certified `days` ago."""
    program = demo_program()
    start = OLD_COHORTS[cohort_name]
    with as_of(days_ago(start + 10)):
        old_cohort = cohort(
            program,
            cohort_name,
            starts_on=timezone.localdate() + timedelta(days=10),
            capacity=16,
        )
    with transaction.atomic():
        with as_of(days_ago(days + 6, hour=9)):
            train(user, old_cohort, license_number)
        rng = random.Random(200 + seed)  # noqa: S311 - demo answers, the same on every seed
        sit_written(user, at=days_ago(days + 3), ability=1.0, rng=rng)
        sit_practical(user, at=days_ago(days, hour=14), scores={_examiner(): [4, 4, 4, 3, 4]})
        # Rendered that afternoon (the on-commit render then finds nothing left to do).
        certificate = Certificate.objects.get(holder=user, program=program)
        with as_of(days_ago(days, hour=16)):
            services.render_and_issue(certificate_id=certificate.pk)
    return Certificate.objects.get(pk=certificate.pk)


def _examiner() -> User:
    return User.objects.get(email="examiner@demo.test")


def _requalify(user: User, *, license_number: str, at) -> None:
    """Two years on: a renewed license (replacing the first), BLS card and CE credit, each
    verified by the admin."""
    first = MedicalLicense.objects.get(applicant=user, status=ReviewStatus.VERIFIED)
    with as_of(at):
        for item in (
            _license(user, number=license_number, replaces=first),
            _credential(user, kind=CE, title="Neuromodulator safety update", hours="8"),
            _credential(user, kind=CERT, title="BLS Provider", certification="BLS"),
        ):
            account_services.verify_submission(item=item, actor=_admin())


def _renewal(user: User, certificate: Certificate, *, audited: bool, at) -> Renewal:
    """A renewal with 10 CE hours in two items (proofs attached unless `audited`, where they
    are still to come) and the program's practice log, submitted at `at`."""
    program = certificate.program
    with as_of(at - timedelta(days=3)):
        renewal = renewals.start_renewal(certificate=certificate, actor=user)
        for n, (title, category, hours) in enumerate(
            [
                ("Botulinum toxin dosing update", CECategory.NEUROMODULATORS, "6"),
                ("Vascular anatomy of the face", CECategory.ANATOMY, "4"),
            ]
        ):
            values = {
                "provider": "American Academy of Aesthetic Medicine",
                "title": title,
                "category": category,
                "completed_on": timezone.localdate() - timedelta(days=40 + 30 * n),
                "hours": Decimal(hours),
            }
            proof = None if audited else scan("Certificate of completion", user.full_legal_name)
            renewals.add_ce_item(
                renewal=renewal, actor=user, values=values, proof=proof, proof_type="image/png"
            )
        for n in range(program.renewal_min_practice_entries):
            renewals.add_practice_entry(
                renewal=renewal,
                actor=user,
                values={
                    "performed_on": timezone.localdate() - timedelta(days=5 + 9 * n),
                    "area": ["Glabellar lines", "Forehead lines", "Lateral canthal lines"][n % 3],
                    "units": Decimal(20),
                    "supervisor_name": "",
                },
            )
    with as_of(at), audit_draw(audited):
        return renewals.submit_renewal(renewal=renewal, actor=user)


def seed_holders() -> None:
    for seed, (email, first, renewed, expires_in, cohort_name) in enumerate(HOLDERS):
        user = User.objects.get(email=email)
        if Certificate.objects.filter(holder=user).exists():
            continue
        days = _issued_days_ago(expires_in)
        certificate = _certify(
            user, license_number=first, cohort_name=cohort_name, days=days, seed=seed
        )
        # The first license, BLS card and CE ran about two years: renewed before they ran out.
        _requalify(user, license_number=renewed, at=days_ago(100))
        if expires_in > 0:
            _renewal(user, certificate, audited=email.startswith("audited"), at=days_ago(10))
        refresh_pathway_step(applicant=user)


def seed_suspension() -> None:
    """A current holder whose license the admin suspended on the board's order today:
    the certificate shows "suspended" on its public page."""
    email, license_number = SUSPENDED
    user = User.objects.get(email=email)
    if Certificate.objects.filter(holder=user).exists():
        return
    program = demo_program()
    with transaction.atomic():
        with as_of(days_ago(26, hour=9)):
            train(user, practical_cohort(), license_number)
        sit_written(user, at=days_ago(23), ability=1.0, rng=random.Random(250))  # noqa: S311
        sit_practical(user, at=days_ago(20, hour=14), scores={_examiner(): [4, 3, 4, 4, 4]})
        certificate = Certificate.objects.get(holder=user, program=program)
        with as_of(days_ago(20, hour=16)):
            services.render_and_issue(certificate_id=certificate.pk)
    license = MedicalLicense.objects.get(applicant=user, status=ReviewStatus.VERIFIED)
    discipline.suspend_license(
        license=license,
        actor=_admin(),
        reason="Interim suspension pending a board hearing on prescribing records.",
        source="Medical Board of California, bulletin of this week",
        action_date=timezone.localdate() - timedelta(days=2),
    )
    refresh_pathway_step(applicant=user)


def seed_monitoring() -> None:
    """A board's status file, uploaded by the admin: one row matches a verified license (to
    review), the other none."""
    admin = _admin()
    if monitoring.MonitoringImport.objects.exists():
        return
    trainee_license = MedicalLicense.objects.get(
        applicant__email="trainee@demo.test", status=ReviewStatus.VERIFIED
    )
    action_date = (timezone.localdate() - timedelta(days=5)).isoformat()
    content = (
        "license_number,jurisdiction,status,action_date\n"
        f"{trainee_license.number},US-CA,suspended,{action_date}\n"
        f"Z-999999,US-CA,revoked,{action_date}\n"
    ).encode()
    parsed = monitoring.parse(content)
    monitoring.record_import(
        rows=parsed.rows,
        file_name="ca-board-actions.csv",
        source="Medical Board of California, weekly disciplinary actions",
        actor=admin,
    )


def seed_appeals() -> None:
    """A pending appeal (the rejected license) and a decided one (a failed written attempt,
    confirmed by the second admin: the decision's maker may not decide its appeal)."""
    second_admin = User.objects.get(email=SECOND_ADMIN[0])
    robin = User.objects.get(email="rejected@demo.test")
    rejected = MedicalLicense.objects.filter(applicant=robin, status=ReviewStatus.REJECTED).first()
    if rejected is not None and not Appeal.objects.filter(appellant=robin).exists():
        appeals.file_appeal(
            actor=robin,
            kind=Appeal.Kind.LICENSE,
            target=rejected,
            statement="The license's expiry date is on the back, which I uploaded as a second "
            "page; the whole license was there.",
        )
    if Appeal.objects.exclude(status=Appeal.Status.PENDING).exists():
        return
    window = timezone.now() - timedelta(days=appeals.window_days(demo_program().pk) - 1)
    failed = (
        Attempt.objects.filter(
            exam__program=demo_program(),
            status=Attempt.Status.SUBMITTED,
            passed=False,
            submitted_at__gte=window,
        )
        .select_related("candidate")
        .order_by("submitted_at", "pk")
        .first()
    )
    if failed is None:
        return
    with as_of(failed.submitted_at + timedelta(days=1)):
        appeal = appeals.file_appeal(
            actor=failed.candidate,
            kind=Appeal.Kind.WRITTEN,
            target=failed,
            statement="Question 14 had two defensible answers; I ask for my result to be reviewed.",
        )
    with as_of(failed.submitted_at + timedelta(days=3)):
        appeals.decide_appeal(
            appeal=appeal,
            actor=second_admin,
            outcome=Appeal.Status.CONFIRMED,
            reason="Item 14 was reviewed by the item-writing committee: its key stands, and the "
            "score is correct.",
        )


def seed_lifecycle() -> None:
    demo_person(*SECOND_ADMIN, roles=(Role.PROGRAM_ADMIN,))
    seed_holders()
    seed_suspension()
    seed_monitoring()
    seed_appeals()
