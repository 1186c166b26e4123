import importlib
import io
from datetime import timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from accounts.models import (
    ApplicantProfile,
    CertificationType,
    Jurisdiction,
    LicenseType,
    MedicalLicense,
    ReviewStatus,
    SupportingCredential,
    User,
)
from accounts.names import guess_family_name
from accounts.roles import Role
from accounts.services import role_group

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    """A person with a verified e-mail address and PASSWORD; pass roles=[Role...] for roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_legal_name = factory.Faker("name")
    family_name = factory.LazyAttribute(lambda user: guess_family_name(user.full_legal_name))

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            for role in extracted if extracted is not None else [Role.APPLICANT]:
                obj.groups.add(role_group(role))
                if role == Role.PROGRAM_ADMIN:
                    obj.is_staff = True
                    obj.save(update_fields=["is_staff"])

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


# --- qualifications ------------------------------------------------------------------------------


def today():
    return timezone.localdate()


def pdf_bytes() -> bytes:
    """A small but real PDF: one empty page."""
    return (
        b"%PDF-1.4\n"
        b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n"
        b"%%EOF\n"
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(name="license.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def png_upload(name="license.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def ensure_reference_data() -> None:
    """Migration 0004's jurisdictions, v1 rules and certification types, made again if a
    transactional test has flushed them (the same function the migration runs)."""
    if not Jurisdiction.objects.exists():
        migration = importlib.import_module("accounts.migrations.0004_reference_jurisdictions")
        migration.create_reference_data(django_apps, None)


def jurisdiction(code="US-CA") -> Jurisdiction:
    """One of the jurisdictions migration 0004 creates, each with its v1 rule."""
    ensure_reference_data()
    return Jurisdiction.objects.get(code=code)


def certification_type(code="BLS") -> CertificationType:
    ensure_reference_data()
    return CertificationType.objects.get(code=code)


def license_form_data(**overrides) -> dict:
    """What a person types into the license form: a valid physician license in California."""
    data = {
        "license_type": LicenseType.PHYSICIAN,
        "number": "A123456",
        "jurisdiction": jurisdiction().pk,
        "issued_on": (today() - timedelta(days=365)).isoformat(),
        "expires_on": (today() + timedelta(days=365)).isoformat(),
        "npi": "",
        "supervising_physician": "",
        "document": pdf_upload(),
    }
    data.update(overrides)
    return data


def credential_form_data(**overrides) -> dict:
    """A valid CE certificate of 8 credit hours."""
    data = {
        "kind": SupportingCredential.Kind.CONTINUING_EDUCATION,
        "certification_type": "",
        "title": "Facial anatomy for injectors",
        "provider": "Academy of Aesthetic Medicine",
        "credit_hours": "8",
        "completed_on": (today() - timedelta(days=30)).isoformat(),
        "expires_on": "",
        "document": pdf_upload("certificate.pdf"),
    }
    data.update(overrides)
    return data


class ApplicantProfileFactory(DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(UserFactory)
    profession = LicenseType.PHYSICIAN
    specialty_background = ApplicantProfile.Specialty.DERMATOLOGY
    phone = "+1 415 555 0100"
    address = "1 Market Street"
    city = "San Francisco"
    region = "CA"
    postal_code = "94105"
    country = "United States"


class MedicalLicenseFactory(DjangoModelFactory):
    """A physician license in California, submitted, valid from a year ago for another year."""

    class Meta:
        model = MedicalLicense

    applicant = factory.SubFactory(UserFactory)
    license_type = LicenseType.PHYSICIAN
    number = factory.Sequence(lambda n: f"A{100000 + n}")
    number_normalized = factory.LazyAttribute(lambda o: MedicalLicense.normalize_number(o.number))
    jurisdiction = factory.LazyFunction(jurisdiction)
    issued_on = factory.LazyFunction(lambda: today() - timedelta(days=365))
    expires_on = factory.LazyFunction(lambda: today() + timedelta(days=365))
    document = factory.django.FileField(data=pdf_bytes(), filename="license.pdf")
    document_name = "license.pdf"
    document_content_type = "application/pdf"
    status = ReviewStatus.SUBMITTED

    class Params:
        verified = factory.Trait(
            status=ReviewStatus.VERIFIED, reviewed_at=factory.LazyFunction(timezone.now)
        )


class SupportingCredentialFactory(DjangoModelFactory):
    """A submitted CE certificate of 8 hours, completed a month ago."""

    class Meta:
        model = SupportingCredential

    applicant = factory.SubFactory(UserFactory)
    kind = SupportingCredential.Kind.CONTINUING_EDUCATION
    title = factory.Sequence(lambda n: f"Course {n}")
    provider = "Academy of Aesthetic Medicine"
    credit_hours = Decimal("8")
    completed_on = factory.LazyFunction(lambda: today() - timedelta(days=30))
    document = factory.django.FileField(data=pdf_bytes(), filename="certificate.pdf")
    document_name = "certificate.pdf"
    document_content_type = "application/pdf"
    status = ReviewStatus.SUBMITTED

    class Params:
        verified = factory.Trait(
            status=ReviewStatus.VERIFIED, reviewed_at=factory.LazyFunction(timezone.now)
        )
        bls = factory.Trait(
            kind=SupportingCredential.Kind.CERTIFICATION,
            certification_type=factory.LazyFunction(certification_type),
            title="Basic Life Support",
            credit_hours=None,
            expires_on=factory.LazyFunction(lambda: today() + timedelta(days=365)),
        )


def qualified_applicant(**user_fields) -> User:
    """An applicant who meets step 1 under the v1 rules: profile, verified license, CE and BLS."""
    user = UserFactory(**user_fields)
    ApplicantProfileFactory(user=user)
    MedicalLicenseFactory(applicant=user, verified=True)
    SupportingCredentialFactory(applicant=user, verified=True)
    SupportingCredentialFactory(applicant=user, verified=True, bls=True)
    return user
