"""Demo data for the embedded mode: one login per role, and applicants at each state of step 1.

Everything goes through the services, so the demo has the same audit trail as real use.
Running it again finds the people it made and changes nothing.

The services refuse to back-date (a license that already expired, a session verified weeks
late, a sitting scheduled in the past), so what happened in the demo's past happens at that
moment: `as_of` moves the clock there while the services run. The demo never writes a state to
a table itself.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

import time_machine
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from . import services
from .actors import SYSTEM
from .models import (
    ApplicantProfile,
    CertificationType,
    Jurisdiction,
    LicenseType,
    MedicalLicense,
    SupportingCredential,
    User,
)
from .names import guess_family_name
from .roles import Role

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published on purpose; seed_demo refuses DEBUG off


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_legal_name: str
    roles: tuple[Role, ...]
    note: str = ""


DEMO_PEOPLE = [
    DemoPerson(
        "applicant@demo.test", "Alex Morgan Rivera", (Role.APPLICANT,), "qualified, enrolled"
    ),
    DemoPerson("admin@demo.test", "Priya Natarajan", (Role.PROGRAM_ADMIN,)),
    DemoPerson("instructor@demo.test", "Dr. Helen Okafor", (Role.INSTRUCTOR,)),
    DemoPerson("examiner@demo.test", "Dr. Marcus Lindqvist", (Role.EXAMINER,)),
    DemoPerson(
        "examiner2@demo.test", "Dr. Amara Osei", (Role.EXAMINER,), "co-examiner, for reports"
    ),
    DemoPerson("new@demo.test", "Noah Feldman", (Role.APPLICANT,), "just signed up"),
    DemoPerson("submitted@demo.test", "Jamie Chen", (Role.APPLICANT,), "license in the queue"),
    DemoPerson("rejected@demo.test", "Robin Patel", (Role.APPLICANT,), "license rejected"),
    DemoPerson("expired@demo.test", "Sofia Marquez", (Role.APPLICANT,), "license expired"),
    # Trainees at each stage of steps 2 and 3 (programs/demo.py puts them there).
    DemoPerson(
        "applied@demo.test", "Olivia Brennan", (Role.APPLICANT,), "applied, awaiting approval"
    ),
    DemoPerson(
        "masterclass@demo.test", "Hannah Weiss", (Role.APPLICANT,), "holds the masterclass seat"
    ),
    DemoPerson("waitlisted@demo.test", "Ethan Park", (Role.APPLICANT,), "waitlisted, cohort full"),
    DemoPerson(
        "trainee@demo.test", "Maya Goldberg", (Role.APPLICANT,), "theory and hands-on part-way"
    ),
    DemoPerson(
        "ready@demo.test", "Daniel Kim", (Role.APPLICANT,), "theory done, hands-on minimums met"
    ),
    DemoPerson("completed@demo.test", "Grace Liu", (Role.APPLICANT,), "program completed"),
    DemoPerson(
        "flagged@demo.test", "Tomás Herrera", (Role.APPLICANT,), "program's accreditation lapsed"
    ),
    # Certificate holders (certification/demo.py issues and revokes their certificates).
    DemoPerson("holder@demo.test", "Isabel Fontaine", (Role.APPLICANT,), "certificate issued"),
    DemoPerson("revoked@demo.test", "Marcus Webb", (Role.APPLICANT,), "certificate revoked"),
    # The certificate's later life (certification/demo_lifecycle.py).
    DemoPerson("admin2@demo.test", "Samuel Okonkwo", (Role.PROGRAM_ADMIN,), "decides appeals"),
    DemoPerson(
        "renewing@demo.test", "Chloe Bernard", (Role.APPLICANT,), "renewal waiting for review"
    ),
    DemoPerson(
        "audited@demo.test", "Victor Almeida", (Role.APPLICANT,), "renewal picked for CE audit"
    ),
    DemoPerson(
        "lapsed@demo.test", "Nadia Rahman", (Role.APPLICANT,), "certificate lapsed: re-sit exams"
    ),
    DemoPerson(
        "suspended@demo.test", "Oliver Grant", (Role.APPLICANT,), "license suspended by the board"
    ),
]


def _person(email: str) -> User:
    return User.objects.get(email=email)


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Run the services as if it were `moment` (the clock ticks on from there)."""
    with time_machine.travel(moment, tick=True):
        yield


def days_ago(days: int, hour: int = 10) -> datetime:
    """`hour` o'clock (local time), `days` days before today; negative: days ahead."""
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def demo_person(email: str, full_legal_name: str, roles=(Role.APPLICANT,)) -> User:
    """A demo login (once): the demo password, a verified address, its roles."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_legal_name": full_legal_name,
            "family_name": guess_family_name(full_legal_name),
        },
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    # Demo sign-ins skip the e-mail round trip that real sign-ups go through.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    for role in roles:
        services.grant_role(user=user, role=role, actor=SYSTEM)
    return user


@transaction.atomic
def seed_people() -> list[DemoPerson]:
    for person in DEMO_PEOPLE:
        demo_person(person.email, person.full_legal_name, person.roles)
    return DEMO_PEOPLE


def scan(title: str, name: str) -> SimpleUploadedFile:
    """A PNG that looks enough like a scanned document for the review page."""
    image = Image.new("RGB", (850, 550), "#f4f1ea")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 830, 530), outline="#2b4c7e", width=6)
    draw.text((60, 60), title.upper(), fill="#2b4c7e", font_size=34)
    draw.text((60, 160), f"Issued to: {name}", fill="#222", font_size=26)
    draw.text((60, 480), "DEMO DOCUMENT - NOT A REAL CREDENTIAL", fill="#a33", font_size=20)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("scan.png", buffer.getvalue(), content_type="image/png")


def _profile(user: User, profession: str, specialty: str) -> None:
    services.save_profile(
        user=user,
        full_legal_name=user.full_legal_name,
        profile=ApplicantProfile(
            profession=profession,
            specialty_background=specialty,
            phone="+1 415 555 0134",
            address="500 Market Street",
            city="San Francisco",
            region="CA",
            postal_code="94105",
            country="United States",
        ),
    )


def _license(user: User, *, number: str, license_type=LicenseType.PHYSICIAN, **extra):
    today = timezone.localdate()
    return services.submit_license(
        license=MedicalLicense(
            license_type=license_type,
            number=number,
            jurisdiction=Jurisdiction.objects.get(code=extra.pop("jurisdiction", "US-CA")),
            issued_on=extra.pop("issued_on", today - timedelta(days=3 * 365)),
            expires_on=extra.pop("expires_on", today + timedelta(days=2 * 365)),
            document=scan("Medical license", user.full_legal_name),
            document_name="license-scan.png",
            document_content_type="image/png",
            **extra,
        ),
        applicant=user,
    )


def _credential(user: User, *, kind, title: str, hours=None, certification=None, ago_days=90):
    today = timezone.localdate()
    return services.submit_credential(
        credential=SupportingCredential(
            kind=kind,
            title=title,
            provider="American Academy of Aesthetic Medicine",
            credit_hours=Decimal(hours) if hours else None,
            certification_type=(
                CertificationType.objects.get(code=certification) if certification else None
            ),
            completed_on=today - timedelta(days=ago_days),
            expires_on=today + timedelta(days=600) if certification else None,
            document=scan(title, user.full_legal_name),
            document_name="certificate.png",
            document_content_type="image/png",
        ),
        applicant=user,
    )


CE = SupportingCredential.Kind.CONTINUING_EDUCATION
CERT = SupportingCredential.Kind.CERTIFICATION


@transaction.atomic
def seed_qualifications() -> None:
    admin = _person("admin@demo.test")

    alex = _person("applicant@demo.test")
    if not alex.medical_licenses.exists():
        _profile(alex, LicenseType.PHYSICIAN, ApplicantProfile.Specialty.DERMATOLOGY)
        for item in (
            _license(alex, number="A-123456", npi="1234567893"),
            _credential(alex, kind=CE, title="Botulinum toxin pharmacology", hours="6"),
            _credential(alex, kind=CE, title="Facial anatomy for injectors", hours="4"),
            _credential(alex, kind=CERT, title="BLS Provider", certification="BLS"),
        ):
            services.verify_submission(item=item, actor=admin)

    jamie = _person("submitted@demo.test")
    if not jamie.medical_licenses.exists():
        _profile(
            jamie, LicenseType.NURSE_PRACTITIONER, ApplicantProfile.Specialty.AESTHETIC_MEDICINE
        )
        _license(jamie, number="NP-778812", license_type=LicenseType.NURSE_PRACTITIONER)
        ce = _credential(jamie, kind=CE, title="Injectables safety course", hours="8")
        services.start_review(item=ce, actor=admin)

    robin = _person("rejected@demo.test")
    if not robin.medical_licenses.exists():
        _profile(robin, LicenseType.REGISTERED_NURSE, ApplicantProfile.Specialty.OTHER)
        rn = _license(
            robin,
            number="RN-554321",
            license_type=LicenseType.REGISTERED_NURSE,
            jurisdiction="US-NY",
            supervising_physician="Dr. Ellen Park",
        )
        services.reject_submission(
            item=rn,
            actor=admin,
            reason="The scan is cut off at the expiry date; upload the whole license, both sides.",
        )

    sofia = _person("expired@demo.test")
    if not sofia.medical_licenses.exists():
        # Verified two years ago; it ran out last week and the daily job has marked it expired.
        today = timezone.localdate()
        with as_of(days_ago(2 * 365)):
            _profile(
                sofia, LicenseType.PHYSICIAN_ASSISTANT, ApplicantProfile.Specialty.PLASTIC_SURGERY
            )
            pa = _license(
                sofia,
                number="PA-901122",
                license_type=LicenseType.PHYSICIAN_ASSISTANT,
                issued_on=today - timedelta(days=5 * 365),
                expires_on=today - timedelta(days=7),
            )
            services.verify_submission(item=pa, actor=admin)
        services.expire_and_remind()


def qualify(user: User, *, license_number: str) -> None:
    """Make a demo applicant meet step 1 (profile, license, CE, BLS), once."""
    if user.medical_licenses.exists():
        return
    admin = _person("admin@demo.test")
    _profile(user, LicenseType.PHYSICIAN, ApplicantProfile.Specialty.DERMATOLOGY)
    for item in (
        _license(user, number=license_number),
        _credential(user, kind=CE, title="Aesthetic injectables update", hours="8"),
        _credential(user, kind=CERT, title="BLS Provider", certification="BLS"),
    ):
        services.verify_submission(item=item, actor=admin)
