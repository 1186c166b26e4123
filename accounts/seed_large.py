"""The accounts part of `manage.py seed_large`: the bulk-copy machinery every app's part uses,
the seeded people (applicants and staff) and their qualifications.

Rows go in with PostgreSQL COPY (psycopg2 `copy_expert`), ids assigned here so that no row needs
a round trip to learn its key. It writes the rows the services would have written (statuses,
dates, reviewers) but not the audit trail, and every seeded login shares one password hashed
once. Seeded people have addresses @seed.test; nothing here touches the demo logins.
"""

import io
import json
import random
import secrets
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import models
from django.utils import timezone

from .models import (
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
from .roles import Role

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


class Seed:
    """What the parts share while seeding: sizes, the random source, the cursor, and what the
    earlier parts made (people, programs, cohorts, trainees) for the later ones to build on."""

    def __init__(self, *, cursor, sizes: dict, random_seed: int):
        self.cursor = cursor  # the psycopg2 cursor, for copy_expert
        self.sizes = sizes
        self.rng = random.Random(random_seed)  # noqa: S311 - test data, not secrets
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.tag = secrets.token_hex(3)  # keeps e-mail addresses unique across --force runs

    def copier(self, model, fields, after=()):
        return Copier(self.cursor, model, fields, after)

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def moment(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, self.rng.randint(8, 18), tzinfo=UTC)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"


# The tables this part fills, for the command's sequence reset and VACUUM ANALYZE.
def tables() -> list:
    from allauth.account.models import EmailAddress

    return [
        User,
        User.groups.through,
        EmailAddress,
        ApplicantProfile,
        MedicalLicense,
        SupportingCredential,
    ]


def seed_people(seed) -> str:
    from allauth.account.models import EmailAddress

    seed.password = secrets.token_urlsafe(12)
    hashed = make_password(seed.password)  # once: hashing 100k times would take hours
    n = seed.sizes["applicants"]
    counts = {
        Role.APPLICANT: n,
        Role.INSTRUCTOR: max(2, n // 200),
        Role.EXAMINER: max(3, n // 1000),
        Role.PROGRAM_ADMIN: max(1, n // 10_000),
    }
    groups = {g.name: g.pk for g in Group.objects.all()}
    users = seed.copier(
        User,
        ["id", "password", "email", "full_legal_name", "is_staff", "is_superuser"]
        + ["is_active", "date_joined"],
    )
    memberships = seed.copier(User.groups.through, ["user_id", "group_id"], [users])
    addresses = seed.copier(EmailAddress, ["user", "email", "verified", "primary"], [users])
    seed.people = {role: [] for role in counts}
    pk = next_id(User)
    for role, count in counts.items():
        for i in range(count):
            email = f"{role.value.replace('_', '-')}{i}-{seed.tag}@seed.test"
            joined = seed.moment(seed.days_ago(30, 900))
            staff = role == Role.PROGRAM_ADMIN
            users.add(pk, hashed, email, seed.name(), staff, False, True, joined)
            memberships.add(pk, groups[role])
            addresses.add(pk, email, True, True)
            seed.people[role].append(pk)
            pk += 1
    for copier in (users, memberships, addresses):
        copier.flush()
    return ", ".join(f"{len(v):,} {k.label.lower()}s" for k, v in seed.people.items())


def seed_qualifications(seed) -> str:
    jurisdictions = list(Jurisdiction.objects.values_list("pk", flat=True))
    if not jurisdictions:
        raise CommandError("No jurisdictions: run `manage.py migrate` first.")
    rules = {r.jurisdiction_id: r for r in JurisdictionRule.objects.order_by("version")}
    bls = CertificationType.objects.filter(code="BLS").first()
    admins = seed.people[Role.PROGRAM_ADMIN]
    profiles = seed.copier(
        ApplicantProfile,
        ["user", "profession", "specialty_background", "phone", "address", "city"]
        + ["region", "postal_code", "country", "updated_at"],
    )
    licenses = seed.copier(
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
    credentials = seed.copier(SupportingCredential, credential_fields)
    specialties = ApplicantProfile.Specialty.values
    types = LicenseType.values
    seed.qualified = []
    license_pk = next_id(MedicalLicense)
    queue = 0
    for user in seed.people[Role.APPLICANT]:
        license_type = seed.rng.choices(types, weights=[40, 25, 15, 20])[0]
        profiles.add(
            user,
            license_type,
            seed.rng.choice(specialties),
            "+1 555 0100",
            f"{seed.rng.randint(1, 999)} Main Street",
            seed.rng.choice(CITIES),
            "",
            f"{seed.rng.randint(10000, 99999)}",
            "United States",
            seed.now,
        )
        jurisdiction = seed.rng.choice(jurisdictions)
        roll = seed.rng.random()
        # 92% verified, 4% waiting in the review queue, 2% rejected, 2% expired.
        if roll < 0.92:
            status = ReviewStatus.VERIFIED
        elif roll < 0.96:
            status = seed.rng.choice(list(ReviewStatus)[:2])
            queue += 1
        elif roll < 0.98:
            status = ReviewStatus.REJECTED
        else:
            status = ReviewStatus.EXPIRED
        submitted = seed.moment(seed.days_ago(1 if status in ("submitted",) else 20, 800))
        decided = status not in (ReviewStatus.SUBMITTED, ReviewStatus.UNDER_REVIEW)
        reviewed = submitted + timedelta(days=2) if decided else None
        expires = (
            seed.days_ago(1, 60)
            if status == ReviewStatus.EXPIRED
            else seed.today + timedelta(days=seed.rng.randint(200, 1500))
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
            seed.rng.choice(admins) if decided or status == "under_review" else None,
            reviewed,
            "The scan is unreadable; upload a sharper copy." if status == "rejected" else "",
        )
        license_pk += 1
        # CE hours and a BLS certification: verified when the license is, otherwise a
        # share of them still waits in the review queue.
        open_credential = status != ReviewStatus.VERIFIED or seed.rng.random() < 0.02
        cred_status = ReviewStatus.SUBMITTED if open_credential else ReviewStatus.VERIFIED
        queue += open_credential * 2
        cred_reviewer = None if open_credential else seed.rng.choice(admins)
        cred_reviewed = None if open_credential else submitted + timedelta(days=1)
        credentials.add(
            user,
            "ce",
            None,
            "Advanced injectables CE",
            "Academy of Aesthetic Medicine",
            Decimal(seed.rng.choice([8, 10, 12, 16])),
            seed.days_ago(30, 500),
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
                seed.days_ago(30, 500),
                seed.today + timedelta(days=seed.rng.randint(100, 700)),
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
            seed.qualified.append(user)
    for copier in (profiles, licenses, credentials):
        copier.flush()
    return (
        f"{licenses.count:,} licenses, {credentials.count:,} credentials, "
        f"{queue:,} in the review queue, {len(seed.qualified):,} qualified"
    )
