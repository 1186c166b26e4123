"""Seed the large data set the benchmark runs against (DESIGN.md, "Figures to reach").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cert_bench \\
        .venv/bin/python manage.py seed_large --yes-i-mean-it [--scale 0.01]

Rows go in with PostgreSQL COPY (psycopg2 `copy_expert`), ids assigned here so that no row needs
a round trip to learn its key; the sequences are moved past them at the end, then ANALYZE.
It writes the rows the services would have written (statuses, dates, reviewers) but not the
audit trail, and every seeded login shares one password hashed once. Nothing here touches the
demo logins (@demo.test); seeded people have addresses @seed.test.

Only for a throwaway PostgreSQL database: it refuses SQLite, refuses without --yes-i-mean-it,
and refuses a database that already holds applicants unless --force.
"""

import io
import json
import random
import secrets
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models
from django.utils import timezone

from accounts.models import (
    ApplicantProfile,
    CertificationType,
    Jurisdiction,
    JurisdictionRule,
    LicenseType,
    MedicalLicense,
    ReviewStatus,
    SupportingCredential,
    User,
)
from accounts.roles import Role
from exams.models import (
    Attempt,
    CriterionScore,
    ExaminerAssignment,
    PracticalSitting,
    Rubric,
    RubricCriterion,
    RubricVersion,
    WrittenExam,
)
from exams.models.practical import RubricSection
from programs.models import (
    Cohort,
    Enrollment,
    HandsOnRequirements,
    HandsOnSession,
    ModuleCompletion,
    SessionArea,
    TheoryModule,
    TrainingProgram,
    TreatmentArea,
)

DEFAULTS = {"applicants": 100_000, "sessions": 1_000_000, "attempts": 500_000}
PROGRAMS = 12
MODULES_PER_PROGRAM = 6
AREAS = ["Glabellar lines", "Forehead lines", "Crow's feet", "Bunny lines", "Masseter", "Neck"]
WRITTEN_EDITIONS = 3  # two retired editions and the active one, per program
CRITERIA_PER_SECTION = 2
FIRST = ["Alex", "Sam", "Maria", "Wei", "Aisha", "Lukas", "Priya", "Jonas", "Elena", "Omar"]
LAST = ["Nguyen", "Smith", "Garcia", "Okafor", "Kowalski", "Haddad", "Tanaka", "Silva", "Berg"]
CITIES = ["Austin", "Boston", "Denver", "Miami", "Seattle", "Phoenix", "Chicago", "Portland"]
BATCH = 100_000


class Copier:
    """Stream rows into one table with COPY, in batches; text escaped for the text format."""

    def __init__(self, cursor, model, fields: list[str], after=()):
        self.cursor = cursor
        self.after = after  # copiers whose rows this table points at: flushed first
        self.table = model._meta.db_table
        self.columns = [model._meta.get_field(name).column for name in fields]
        # COPY leaves an omitted column NULL (Django keeps defaults in Python, not in the
        # table), so every other NOT NULL column gets its model default on each row.
        self.extra = []
        for field in model._meta.concrete_fields:
            if field.column in self.columns or field.primary_key or field.null:
                continue
            if field.has_default():
                value = field.get_default()
            elif isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                raise CommandError(f"{self.table}.{field.column} needs a value in the seed")
            self.columns.append(field.column)
            self.extra.append(value)
        self.buffer = io.StringIO()
        self.pending = 0
        self.count = 0

    @staticmethod
    def cell(value) -> str:
        if value is None:
            return r"\N"
        if value is True:
            return "t"
        if value is False:
            return "f"
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, list | dict):
            value = json.dumps(value)
        text = str(value)
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    def add(self, *values) -> None:
        self.buffer.write("\t".join(self.cell(v) for v in (*values, *self.extra)))
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= BATCH:
            self.flush()

    def flush(self) -> None:
        for parent in self.after:
            parent.flush()
        if not self.pending:
            return
        self.buffer.seek(0)
        columns = ", ".join(f'"{c}"' for c in self.columns)
        self.cursor.copy_expert(f'COPY "{self.table}" ({columns}) FROM STDIN', self.buffer)
        self.count += self.pending
        self.buffer = io.StringIO()
        self.pending = 0


def next_id(model) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


class Command(BaseCommand):
    help = "Seed a large synthetic data set into a throwaway PostgreSQL database (benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=DEFAULTS["applicants"])
        parser.add_argument("--sessions", type=int, default=DEFAULTS["sessions"])
        parser.add_argument(
            "--attempts", type=int, default=DEFAULTS["attempts"], help="written exam attempts"
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiply every size (0.01 for a quick run)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--yes-i-mean-it",
            action="store_true",
            help="required: confirms DATABASE_URL is a throwaway database",
        )
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already has applicants"
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_large needs PostgreSQL (set DATABASE_URL); it uses COPY.")
        if not options["yes_i_mean_it"]:
            raise CommandError(
                f"seed_large adds {options['applicants'] * options['scale']:,.0f} fake applicants "
                f"to the database {connection.settings_dict['NAME']!r}. Use a throwaway database "
                "and pass --yes-i-mean-it."
            )
        applicant_group = Group.objects.get(name=Role.APPLICANT)
        if applicant_group.user_set.exists() and not options["force"]:
            raise CommandError(
                "The database already holds applicants; seed an empty database or pass --force."
            )
        scale = options["scale"]
        self.sizes = {key: max(1, round(options[key] * scale)) for key in DEFAULTS}
        self.rng = random.Random(options["seed"])  # noqa: S311 - test data, not secrets
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.tag = secrets.token_hex(3)  # keeps e-mail addresses unique across --force runs
        self.stdout.write(
            f"Seeding {self.sizes['applicants']:,} applicants, ~{self.sizes['sessions']:,} "
            f"hands-on sessions, ~{self.sizes['attempts']:,} written attempts into "
            f"{connection.settings_dict['NAME']!r}"
        )
        started = time.monotonic()
        connection.ensure_connection()
        # Autocommit: each COPY is its own transaction, so deferred foreign-key checks do not
        # pile up millions of pending trigger events in one transaction.
        with connection.cursor() as cursor:
            self.cursor = cursor.cursor  # the psycopg2 cursor, for copy_expert
            for step in (
                self.seed_people,
                self.seed_programs,
                self.seed_qualifications,
                self.seed_enrollments,
                self.seed_hands_on,
                self.seed_written,
                self.seed_practical,
                self.finish,
            ):
                t0 = time.monotonic()
                summary = step()
                self.stdout.write(
                    f"  {step.__name__:<22} {time.monotonic() - t0:7.1f} s  {summary}"
                )
        self.stdout.write(
            self.style.SUCCESS(f"Done in {time.monotonic() - started:.0f} s. ")
            + f"Every seeded login (@seed.test) has the password {self.password!r}."
        )

    # --- helpers ----------------------------------------------------------------------------------

    def copier(self, model, fields, after=()):
        return Copier(self.cursor, model, fields, after)

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def moment(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, self.rng.randint(8, 18), tzinfo=UTC)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    # --- steps ------------------------------------------------------------------------------------

    def seed_people(self) -> str:
        from allauth.account.models import EmailAddress

        self.password = secrets.token_urlsafe(12)
        hashed = make_password(self.password)  # once: hashing 100k times would take hours
        n = self.sizes["applicants"]
        counts = {
            Role.APPLICANT: n,
            Role.INSTRUCTOR: max(2, n // 200),
            Role.EXAMINER: max(3, n // 1000),
            Role.PROGRAM_ADMIN: max(1, n // 10_000),
        }
        groups = {g.name: g.pk for g in Group.objects.all()}
        users = self.copier(
            User,
            ["id", "password", "email", "full_legal_name", "is_staff", "is_superuser"]
            + ["is_active", "date_joined"],
        )
        memberships = self.copier(User.groups.through, ["user_id", "group_id"], [users])
        addresses = self.copier(EmailAddress, ["user", "email", "verified", "primary"], [users])
        self.people = {role: [] for role in counts}
        pk = next_id(User)
        for role, count in counts.items():
            for i in range(count):
                email = f"{role.value.replace('_', '-')}{i}-{self.tag}@seed.test"
                joined = self.moment(self.days_ago(30, 900))
                staff = role == Role.PROGRAM_ADMIN
                users.add(pk, hashed, email, self.name(), staff, False, True, joined)
                memberships.add(pk, groups[role])
                addresses.add(pk, email, True, True)
                self.people[role].append(pk)
                pk += 1
        for copier in (users, memberships, addresses):
            copier.flush()
        return ", ".join(f"{len(v):,} {k.label.lower()}s" for k, v in self.people.items())

    def seed_programs(self) -> str:
        instructors = self.people[Role.INSTRUCTOR]
        self.programs = []
        for p in range(PROGRAMS):
            program = TrainingProgram.objects.create(
                name=f"Botulinum toxin certificate {self.tag}-{p + 1}",
                provider=f"Academy {p + 1}",
                accreditation_body="National Board of Aesthetic Medicine",
                accreditation_number=f"NBAM-{self.tag}-{p:03d}",
                accredited_from=self.today - timedelta(days=900),
                accredited_until=self.today + timedelta(days=900),
                approves_enrollment_automatically=p % 3 == 0,
            )
            HandsOnRequirements.objects.create(program=program, min_verified_sessions=10)
            modules = TheoryModule.objects.bulk_create(
                TheoryModule(program=program, title=f"Module {m + 1}", topic=topic, position=m)
                for m, topic in enumerate(TheoryModule.Topic.values[:MODULES_PER_PROGRAM])
            )
            areas = TreatmentArea.objects.bulk_create(
                TreatmentArea(program=program, name=name, position=a, min_sessions_performed=2)
                for a, name in enumerate(AREAS[:4])
            )
            exams = [
                WrittenExam.objects.create(
                    program=program,
                    title=f"Written exam {2024 + e}",
                    is_active=e == WRITTEN_EDITIONS - 1,
                    created_at=self.now - timedelta(days=365 * (WRITTEN_EDITIONS - 1 - e)),
                )
                for e in range(WRITTEN_EDITIONS)
            ]
            rubric = Rubric.objects.create(program=program, name=f"Practical rubric {p + 1}")
            version = RubricVersion.objects.create(rubric=rubric, number=1)
            criteria = RubricCriterion.objects.bulk_create(
                RubricCriterion(
                    version=version,
                    section=section,
                    position=c,
                    text=f"{RubricSection(section).label}: criterion {c + 1}",
                    anchors=["poor", "weak", "adequate", "good", "excellent"],
                    is_critical=c == 0 and s < 2,
                    critical_pass_level=2 if c == 0 and s < 2 else None,
                )
                for s, section in enumerate(RubricSection.values)
                for c in range(CRITERIA_PER_SECTION)
            )
            self.programs.append(
                {
                    "program": program,
                    "modules": [m.pk for m in modules],
                    "areas": [a.pk for a in areas],
                    "exams": exams,
                    "version": version,
                    "criteria": [c.pk for c in criteria],
                    "cohorts": [],
                }
            )
        # Cohorts of about 40 seats, two instructors each, spread over the past two years.
        cohort_count = max(PROGRAMS, self.sizes["applicants"] // 40)
        self.cohorts = []
        through = self.copier(Cohort.instructors.through, ["cohort_id", "user_id"])
        cohort_rows = []
        for c in range(cohort_count):
            spec = self.programs[c % PROGRAMS]
            starts = self.days_ago(0, 720)
            cohort_rows.append(
                Cohort(
                    program=spec["program"],
                    name=f"Cohort {c + 1}",
                    starts_on=starts,
                    ends_on=starts + timedelta(days=120),
                    location=self.rng.choice(CITIES),
                    capacity=45,
                )
            )
        for c, cohort in enumerate(Cohort.objects.bulk_create(cohort_rows, batch_size=5000)):
            spec = self.programs[c % PROGRAMS]
            teachers = self.rng.sample(instructors, min(2, len(instructors)))
            for teacher in teachers:
                through.add(cohort.pk, teacher)
            entry = {
                "pk": cohort.pk,
                "spec": spec,
                "teachers": teachers,
                "starts": cohort.starts_on,
            }
            spec["cohorts"].append(entry)
            self.cohorts.append(entry)
        through.flush()
        return f"{PROGRAMS} programs, {len(self.cohorts):,} cohorts"

    def seed_qualifications(self) -> str:
        jurisdictions = list(Jurisdiction.objects.values_list("pk", flat=True))
        if not jurisdictions:
            raise CommandError("No jurisdictions: run `manage.py migrate` first.")
        rules = {r.jurisdiction_id: r for r in JurisdictionRule.objects.order_by("version")}
        bls = CertificationType.objects.filter(code="BLS").first()
        admins = self.people[Role.PROGRAM_ADMIN]
        profiles = self.copier(
            ApplicantProfile,
            ["user", "profession", "specialty_background", "phone", "address", "city"]
            + ["region", "postal_code", "country", "updated_at"],
        )
        licenses = self.copier(
            MedicalLicense,
            ["id", "applicant", "license_type", "number", "number_normalized", "jurisdiction"]
            + ["issued_on", "expires_on", "npi", "supervising_physician", "decided_under"]
            + ["document", "document_name", "document_content_type", "status", "submitted_at"]
            + ["reviewer", "reviewed_at", "rejection_reason"],
        )
        credential_fields = (
            ["applicant", "kind", "certification_type", "title", "provider", "credit_hours"]
            + ["completed_on", "expires_on", "document", "document_name"]
            + ["document_content_type", "status", "submitted_at", "reviewer", "reviewed_at"]
            + ["rejection_reason"]
        )
        credentials = self.copier(SupportingCredential, credential_fields)
        specialties = ApplicantProfile.Specialty.values
        types = LicenseType.values
        self.qualified = []
        license_pk = next_id(MedicalLicense)
        queue = 0
        for user in self.people[Role.APPLICANT]:
            license_type = self.rng.choices(types, weights=[40, 25, 15, 20])[0]
            profiles.add(
                user,
                license_type,
                self.rng.choice(specialties),
                "+1 555 0100",
                f"{self.rng.randint(1, 999)} Main Street",
                self.rng.choice(CITIES),
                "",
                f"{self.rng.randint(10000, 99999)}",
                "United States",
                self.now,
            )
            jurisdiction = self.rng.choice(jurisdictions)
            roll = self.rng.random()
            # 92% verified, 4% waiting in the review queue, 2% rejected, 2% expired.
            if roll < 0.92:
                status = ReviewStatus.VERIFIED
            elif roll < 0.96:
                status = self.rng.choice(list(ReviewStatus)[:2])
                queue += 1
            elif roll < 0.98:
                status = ReviewStatus.REJECTED
            else:
                status = ReviewStatus.EXPIRED
            submitted = self.moment(self.days_ago(1 if status in ("submitted",) else 20, 800))
            decided = status not in (ReviewStatus.SUBMITTED, ReviewStatus.UNDER_REVIEW)
            reviewed = submitted + timedelta(days=2) if decided else None
            expires = (
                self.days_ago(1, 60)
                if status == ReviewStatus.EXPIRED
                else self.today + timedelta(days=self.rng.randint(200, 1500))
            )
            number = f"{license_type.upper()}-{user:07d}"
            licenses.add(
                license_pk,
                user,
                license_type,
                number,
                number.replace("-", ""),
                jurisdiction,
                expires - timedelta(days=5 * 365),
                expires,
                f"{1_000_000_000 + user}"[:10] if license_type != "rn" else "",
                "Dr. Jane Supervisor" if license_type == "rn" else "",
                rules[jurisdiction].pk if decided else None,
                f"documents/medicallicense/{secrets.token_hex(16)}",
                "license.pdf",
                "application/pdf",
                status,
                submitted,
                self.rng.choice(admins) if decided or status == "under_review" else None,
                reviewed,
                "The scan is unreadable; upload a sharper copy." if status == "rejected" else "",
            )
            license_pk += 1
            # CE hours and a BLS certification: verified when the license is, otherwise a
            # share of them still waits in the review queue.
            open_credential = status != ReviewStatus.VERIFIED or self.rng.random() < 0.02
            cred_status = ReviewStatus.SUBMITTED if open_credential else ReviewStatus.VERIFIED
            queue += open_credential * 2
            cred_reviewer = None if open_credential else self.rng.choice(admins)
            cred_reviewed = None if open_credential else submitted + timedelta(days=1)
            credentials.add(
                user,
                "ce",
                None,
                "Advanced injectables CE",
                "Academy of Aesthetic Medicine",
                Decimal(self.rng.choice([8, 10, 12, 16])),
                self.days_ago(30, 500),
                None,
                f"documents/supportingcredential/{secrets.token_hex(16)}",
                "ce.pdf",
                "application/pdf",
                cred_status,
                submitted,
                cred_reviewer,
                cred_reviewed,
                "",
            )
            if bls is not None:
                credentials.add(
                    user,
                    "certification",
                    bls.pk,
                    "Basic Life Support",
                    "American Heart Association",
                    None,
                    self.days_ago(30, 500),
                    self.today + timedelta(days=self.rng.randint(100, 700)),
                    f"documents/supportingcredential/{secrets.token_hex(16)}",
                    "bls.pdf",
                    "application/pdf",
                    cred_status,
                    submitted,
                    cred_reviewer,
                    cred_reviewed,
                    "",
                )
            if status == ReviewStatus.VERIFIED and not open_credential:
                self.qualified.append(user)
        for copier in (profiles, licenses, credentials):
            copier.flush()
        return (
            f"{licenses.count:,} licenses, {credentials.count:,} credentials, "
            f"{queue:,} in the review queue, {len(self.qualified):,} qualified"
        )

    def seed_enrollments(self) -> str:
        enrollments = self.copier(
            Enrollment,
            ["id", "applicant", "cohort", "program", "status", "applied_at", "decided_at"],
        )
        completions = self.copier(
            ModuleCompletion,
            ["enrollment", "module", "attended", "passed_assessment", "completed_on"]
            + ["note", "recorded_by", "recorded_at"],
            [enrollments],
        )
        S = Enrollment.Status
        self.counting = []  # enrolled or completed: they log sessions and sit exams
        pk = next_id(Enrollment)
        for user in self.qualified:
            if self.rng.random() > 0.88:
                continue  # qualified, not enrolled yet
            cohort = self.rng.choice(self.cohorts)
            started_days = (self.today - cohort["starts"]).days
            if started_days > 150:
                status = self.rng.choices([S.COMPLETED, S.ENROLLED, S.WITHDRAWN], [70, 22, 8])[0]
            else:
                status = self.rng.choices(
                    [S.ENROLLED, S.APPLIED, S.WAITLISTED, S.WITHDRAWN], [85, 8, 4, 3]
                )[0]
            applied = self.moment(cohort["starts"] - timedelta(days=self.rng.randint(10, 60)))
            decided = None if status in (S.APPLIED, S.WAITLISTED) else applied + timedelta(days=3)
            program = cohort["spec"]["program"].pk
            enrollments.add(pk, user, cohort["pk"], program, status, applied, decided)
            if status in (S.ENROLLED, S.COMPLETED):
                modules = cohort["spec"]["modules"]
                if status == S.COMPLETED or self.rng.random() < 0.6:
                    done = len(modules)
                else:
                    done = self.rng.randint(0, len(modules) - 1)
                first_day = min(cohort["starts"], self.today)
                for m, module in enumerate(modules[: done + 1]):
                    complete = m < done
                    day = min(first_day + timedelta(days=7 * (m + 1)), self.today)
                    completions.add(
                        pk,
                        module,
                        True,
                        complete,
                        day,
                        "" if complete else "Quiz to retake",
                        self.rng.choice(cohort["teachers"]),
                        self.moment(day),
                    )
                self.counting.append(
                    {
                        "pk": pk,
                        "user": user,
                        "cohort": cohort,
                        "status": status,
                        "theory_done": done == len(modules),
                    }
                )
            pk += 1
        enrollments.flush()
        completions.flush()
        return f"{enrollments.count:,} enrollments, {completions.count:,} module completions"

    def seed_hands_on(self) -> str:
        sessions = self.copier(
            HandsOnSession,
            ["id", "enrollment", "supervisor", "performed_on", "duration_minutes"]
            + ["model_age_band", "model_sex", "skin_type", "product", "lot_number", "goal"]
            + ["trainee_role", "outcome", "complications", "complication_notes", "reflection"]
            + ["status", "submitted_at", "return_reason", "verified_at", "technique_rating"]
            + ["communication_rating", "judgement_rating", "feedback"],
        )
        areas = self.copier(SessionArea, ["session", "area", "units"], [sessions])
        S = HandsOnSession.Status
        # How many sessions each trainee logged, then scaled so the total meets the target.
        weights = []
        for e in self.counting:
            if e["status"] == Enrollment.Status.COMPLETED:
                weights.append(self.rng.randint(16, 26))
            elif e["theory_done"]:
                weights.append(self.rng.randint(4, 30))
            else:
                weights.append(self.rng.randint(0, 12))
        factor = self.sizes["sessions"] / max(1, sum(weights))
        pk = next_id(HandsOnSession)
        age_bands = HandsOnSession.AgeBand.values
        goals = HandsOnSession.Goal.values
        roles = HandsOnSession.Role.values
        waiting = 0
        for e, weight in zip(self.counting, weights, strict=True):
            count = round(weight * factor)
            e["verified"] = 0
            start = min(e["cohort"]["starts"], self.today - timedelta(days=1))
            span = max(1, min(120, (self.today - start).days))
            teachers = e["cohort"]["teachers"]
            area_ids = e["cohort"]["spec"]["areas"]
            for i in range(count):
                performed = start + timedelta(days=span * i // max(1, count))
                # The latest sessions of a trainee still in training wait for their instructor.
                if e["status"] == Enrollment.Status.COMPLETED or i < count * 0.85:
                    status = S.VERIFIED if self.rng.random() > 0.01 else S.RETURNED
                else:
                    status = S.SUBMITTED if self.rng.random() > 0.15 else S.RETURNED
                verified = status == S.VERIFIED
                e["verified"] += verified
                waiting += status == S.SUBMITTED
                submitted = self.moment(performed)
                sessions.add(
                    pk,
                    e["pk"],
                    self.rng.choice(teachers),
                    performed,
                    self.rng.choice([45, 60, 60, 75, 90]),
                    self.rng.choice(age_bands),
                    self.rng.choices(["female", "male", "other"], [70, 28, 2])[0],
                    self.rng.randint(1, 6),
                    "OnabotulinumtoxinA",
                    f"LOT{self.rng.randint(10000, 99999)}",
                    self.rng.choice(goals),
                    roles[min(2, i // 3)],
                    "Good immediate result, no blanching.",
                    ["bruising"] if self.rng.random() < 0.1 else [],
                    "",
                    "Reconstituted and dosed per protocol; reviewed landmarks before injecting.",
                    status,
                    submitted,
                    "Add the dilution you used." if status == S.RETURNED else "",
                    submitted + timedelta(days=2) if verified else None,
                    self.rng.randint(2, 5) if verified else None,
                    self.rng.randint(2, 5) if verified else None,
                    self.rng.randint(2, 5) if verified else None,
                    "Steady technique." if verified else "",
                )
                for area in self.rng.sample(area_ids, self.rng.randint(1, 3)):
                    areas.add(pk, area, Decimal(self.rng.randint(4, 40)) / 2)
                pk += 1
        sessions.flush()
        areas.flush()
        return (
            f"{sessions.count:,} sessions ({waiting:,} waiting for verification), "
            f"{areas.count:,} session areas"
        )

    def seed_written(self) -> str:
        attempts = self.copier(
            Attempt,
            ["exam", "candidate", "number", "status", "started_at", "deadline", "submitted_at"]
            + ["submission", "score_points", "max_points", "score_percent", "passed"]
            + ["topic_scores"],
        )
        target = self.sizes["attempts"]

        def attempt(exam, user, number, passed, day):
            started = self.moment(day)
            points = self.rng.randint(28, 40) if passed else self.rng.randint(12, 27)
            attempts.add(
                exam.pk,
                user,
                number,
                Attempt.Status.SUBMITTED,
                started,
                started + timedelta(minutes=exam.time_limit_minutes),
                started + timedelta(minutes=self.rng.randint(25, 58)),
                Attempt.Submission.CANDIDATE,
                points,
                40,
                points * 100 // 40,
                passed,
                {"Pharmacology": {"correct": points // 4, "total": 10}},
            )

        # The active edition: candidates who finished theory sit it; most pass within 3 tries.
        for e in self.counting:
            e["written_passed"] = False
            if not e["theory_done"] or attempts.count + attempts.pending >= target:
                continue
            exam = e["cohort"]["spec"]["exams"][-1]
            tries = 1 if e["status"] == Enrollment.Status.COMPLETED else self.rng.randint(0, 3)
            for number in range(1, tries + 1):
                passed = e["status"] == Enrollment.Status.COMPLETED or (
                    number == tries and self.rng.random() < 0.7
                )
                attempt(exam, e["user"], number, passed, self.days_ago(1, 90))
                e["written_passed"] = passed
        # The rest of the volume: attempts at the retired editions of the program's exam
        # (earlier sittings of the same candidates), up to the exam's 3 attempts each.
        for edition in range(WRITTEN_EDITIONS - 1):
            for e in self.counting:
                if attempts.count + attempts.pending >= target:
                    break
                exam = e["cohort"]["spec"]["exams"][edition]
                for number in range(1, 4):
                    passed = number == 3 and self.rng.random() < 0.5
                    attempt(exam, e["user"], number, passed, self.days_ago(200, 700))
        attempts.flush()
        note = "" if attempts.count >= target else " (capped: 3 per candidate and edition)"
        return f"{attempts.count:,} written attempts, no attempt items{note}"

    def seed_practical(self) -> str:
        sittings = self.copier(
            PracticalSitting,
            ["id", "candidate", "program", "rubric_version", "starts_at", "duration_minutes"]
            + ["ends_at", "place", "status", "weighted_score", "cut_score", "critical_failed"]
            + ["flag_reason", "result_at", "scheduled_by", "created_at", "decision_reason"],
        )
        assignments = self.copier(
            ExaminerAssignment,
            ["id", "sitting", "examiner", "status", "global_rating", "overall_comment"]
            + ["weighted_score", "verdict_passed", "assigned_at", "assigned_by", "updated_at"]
            + ["submitted_at"],
            [sittings],
        )
        scores = self.copier(
            CriterionScore, ["assignment", "criterion", "score", "comment"], [assignments]
        )
        examiners = self.people[Role.EXAMINER]
        admins = self.people[Role.PROGRAM_ADMIN]
        PS = PracticalSitting.Status
        sitting_pk = next_id(PracticalSitting)
        assignment_pk = next_id(ExaminerAssignment)
        for e in self.counting:
            if not (e["written_passed"] and e["verified"] >= 12):
                continue
            spec = e["cohort"]["spec"]
            if e["status"] == Enrollment.Status.COMPLETED:
                status = PS.PASSED
            else:
                status = self.rng.choices([PS.SCHEDULED, PS.FAILED, PS.PASSED], [70, 10, 20])[0]
            final = status != PS.SCHEDULED
            starts = self.moment(
                self.days_ago(5, 200) if final else self.today + timedelta(self.rng.randint(1, 40))
            )
            score = Decimal(self.rng.randint(62, 95) if status == PS.PASSED else 48)
            sittings.add(
                sitting_pk,
                e["user"],
                spec["program"].pk,
                spec["version"].pk,
                starts,
                60,
                starts + timedelta(minutes=60),
                f"{e['cohort']['spec']['program'].provider}, room {self.rng.randint(1, 9)}",
                status,
                score if final else None,
                Decimal(60) if final else None,
                [],
                "",
                starts + timedelta(days=1) if final else None,
                self.rng.choice(admins),
                starts - timedelta(days=20),
                "",
            )
            for examiner in self.rng.sample(examiners, 2):
                rating = "clear_pass" if status == PS.PASSED else "clear_fail"
                assignments.add(
                    assignment_pk,
                    sitting_pk,
                    examiner,
                    "submitted" if final else "draft",
                    rating if final else "",
                    "Safe and methodical." if final else "",
                    score if final else None,
                    (status == PS.PASSED) if final else None,
                    starts - timedelta(days=20),
                    self.rng.choice(admins),
                    starts if final else None,
                    starts + timedelta(hours=2) if final else None,
                )
                if final:
                    for criterion in spec["criteria"]:
                        level = self.rng.randint(2, 4) if status == PS.PASSED else 1
                        scores.add(assignment_pk, criterion, level, "" if level > 1 else "Weak")
                assignment_pk += 1
            sitting_pk += 1
        for copier in (sittings, assignments, scores):
            copier.flush()
        return (
            f"{sittings.count:,} practical sittings, {assignments.count:,} examiner forms, "
            f"{scores.count:,} criterion scores"
        )

    def finish(self) -> str:
        from allauth.account.models import EmailAddress
        from django.core.management.color import no_style

        touched = [
            User,
            User.groups.through,
            EmailAddress,
            ApplicantProfile,
            MedicalLicense,
            SupportingCredential,
            Cohort,
            Cohort.instructors.through,
            Enrollment,
            ModuleCompletion,
            HandsOnSession,
            SessionArea,
            Attempt,
            PracticalSitting,
            ExaminerAssignment,
            CriterionScore,
        ]
        for statement in connection.ops.sequence_reset_sql(no_style(), touched):
            self.cursor.execute(statement)
        self.cursor.execute("ANALYZE")
        return "sequences moved past the seeded ids; ANALYZE done"
