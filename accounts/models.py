import secrets
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from .roles import ROLE_PERMISSIONS


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


VERSION_FIELDS = ("roles_version", "pathway_version")


def new_version_token() -> int:
    """A fresh random version token (never 0): see User.roles_version and pathway_version."""
    return secrets.randbits(62) + 1


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: applicants and staff alike. The e-mail address is the login."""

    email = models.EmailField("e-mail address", unique=True)
    full_legal_name = models.CharField(
        "full legal name",
        max_length=200,
        help_text="Exactly as it must appear on a certificate.",
    )
    # As the holder gives it ("Smith" for "John Smith Jr.", "García López" for two surnames):
    # what the public certificate lookup matches. Blank only for accounts of staff.
    family_name = models.CharField(
        "family name",
        max_length=100,
        blank=True,
        help_text="Your surname as part of your legal name; anyone checking your certificate "
        "enters it.",
    )
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the back-office (Django admin).",
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    # Replaced by a fresh random token whenever the person's groups or permissions change
    # (accounts/signals.py), so a cached copy of their roles is known to be stale. A token, not
    # a counter: a stale full save of the row cannot bring back a value some cache still holds.
    roles_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Likewise replaced whenever anything the person's pathway is worked out from changes
    # (accounts/pathway_versions.py): the dashboard's cached pathway is used only while it
    # matches. Read with the signed-in user, so checking it costs no query.
    # Random from the start, so that two databases sharing one cache never share a token.
    pathway_version = models.PositiveBigIntegerField(default=new_version_token, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_legal_name"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique")
        ]
        permissions = list(ROLE_PERMISSIONS.values())

    def __str__(self):
        return f"{self.full_legal_name} <{self.email}>" if self.full_legal_name else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def save(self, *args, **kwargs):
        # A full save of a copy loaded before its versions were replaced must not write the old
        # tokens back: a cache could still hold an answer tagged with them. Only the signals
        # and services that replace them write these two columns.
        if (
            kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
            and not self._state.adding
        ):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in VERSION_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_legal_name

    def get_short_name(self):
        return self.full_legal_name.split(" ")[0] if self.full_legal_name else self.email


class AuditEntry(models.Model):
    """Who did what to which record, when, from which state to which, and why.

    Written by every service that changes a status; never edited or deleted by the app.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    # The person the changed record is about (the applicant of a license, the candidate of a
    # sitting, the member whose role changed), so a person's history is one indexed lookup.
    subject = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries_about"
    )
    action = models.CharField(max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=255)
    from_state = models.CharField(max_length=64, blank=True)
    to_state = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"]),
            # The audit trail page filters by person (actor or subject), kind and action, newest
            # first; each filter has an index that also serves the order.
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["subject", "-at"], name="audit_subject_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
            models.Index(fields=["target_type", "-at"], name="audit_kind_at"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or 'system'} {self.action} {self.target_repr}"


# --- Qualifications ---------------------------------------------------------------------------


class LicenseType(models.TextChoices):
    PHYSICIAN = "physician", "Physician (MD/DO)"
    NURSE_PRACTITIONER = "np", "Nurse practitioner"
    PHYSICIAN_ASSISTANT = "pa", "Physician assistant"
    REGISTERED_NURSE = "rn", "Registered nurse"


class ApplicantProfile(models.Model):
    class Specialty(models.TextChoices):
        DERMATOLOGY = "dermatology", "Dermatology"
        PLASTIC_SURGERY = "plastic_surgery", "Plastic surgery"
        AESTHETIC_MEDICINE = "aesthetic_medicine", "Aesthetic medicine"
        OTHER = "other", "Other"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    profession = models.CharField(max_length=16, choices=LicenseType.choices)
    specialty_background = models.CharField(max_length=32, choices=Specialty.choices)
    specialty_other = models.CharField("other specialty", max_length=120, blank=True)
    phone = models.CharField(max_length=32)
    address = models.CharField("street address", max_length=200)
    city = models.CharField(max_length=100)
    region = models.CharField("state / region", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=100)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user}"


class Jurisdiction(models.Model):
    """Where a license is issued: a US state or a country."""

    class Kind(models.TextChoices):
        US_STATE = "us_state", "US state"
        COUNTRY = "country", "Country"

    code = models.CharField(max_length=16, unique=True, help_text="e.g. US-CA or GB")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CertificationType(models.Model):
    """A further certification a jurisdiction may require, e.g. BLS (Basic Life Support)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})" if self.name != self.code else self.code


class JurisdictionRule(models.Model):
    """One version of a jurisdiction's rules. Versions are never edited: a change is a new row,
    so every decision keeps pointing at the rules it was made under."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="rules")
    version = models.PositiveIntegerField()
    accepted_license_types = models.JSONField(
        default=list, help_text="License types that may qualify in this jurisdiction."
    )
    rn_requires_supervising_physician = models.BooleanField(
        "RN requires a named supervising physician", default=True
    )
    ce_hours_required = models.DecimalField(
        "CE credit hours required", max_digits=5, decimal_places=1, default=0
    )
    ce_window_months = models.PositiveSmallIntegerField(
        "CE window (months)", default=24, help_text="CE credits count if earned within this window."
    )
    required_certifications = models.ManyToManyField(CertificationType, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    change_note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["jurisdiction", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "version"], name="jurisdiction_rule_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.jurisdiction} rules v{self.version}"

    def accepts(self, license_type: str) -> bool:
        return license_type in self.accepted_license_types

    def accepted_license_type_labels(self) -> list[str]:
        return [LicenseType(value).label for value in self.accepted_license_types]


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"
    SUPERSEDED = "superseded", "Replaced"
    # A verified license a licensing board disciplined after the fact (accounts/discipline.py):
    # not current, so nothing resting on it counts while it lasts.
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


# Statuses an applicant may still change (correct and resubmit); the rest are decided or final.
EDITABLE_STATUSES = (ReviewStatus.SUBMITTED, ReviewStatus.REJECTED)
OPEN_REVIEW_STATUSES = (ReviewStatus.SUBMITTED, ReviewStatus.UNDER_REVIEW)
# A license under discipline suspends every certificate of its holder, even beside another
# current license: a board's action is not escaped by holding a second license.
DISCIPLINED_STATUSES = (ReviewStatus.SUSPENDED, ReviewStatus.REVOKED)


def private_document_path(instance, filename: str) -> str:
    # A random name: the uploader's file name never reaches the file system.
    return f"documents/{instance._meta.model_name}/{uuid.uuid4().hex}"


def private_storage():
    """Applicants' documents: outside MEDIA_ROOT, served only by permission-checked views."""
    return storages["private"]


class ReviewedSubmission(models.Model):
    """What licenses and supporting credentials share: a document and an admin's review."""

    document = models.FileField(
        storage=private_storage, upload_to=private_document_path, max_length=200
    )
    document_name = models.CharField(max_length=200)
    document_content_type = models.CharField(max_length=64)
    # Set when the retention rule removed the file of an inactive applicant (accounts/retention.py);
    # the record of the submission and its decision stay.
    document_removed_on = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def why_not_editable(self) -> str:
        if self.is_editable():
            return ""
        reason = f"This item is {self.get_status_display().lower()} and can no longer be edited."
        if self.status == ReviewStatus.VERIFIED:
            reason += " Submit a new one to replace it."
        return reason

    def is_open_for_review(self) -> bool:
        return self.status in OPEN_REVIEW_STATUSES


class MedicalLicense(ReviewedSubmission):
    applicant = models.ForeignKey(User, on_delete=models.CASCADE, related_name="medical_licenses")
    license_type = models.CharField(max_length=16, choices=LicenseType.choices)
    number = models.CharField("license number", max_length=40)
    number_normalized = models.CharField(max_length=40, editable=False)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField("issue date")
    expires_on = models.DateField("expiry date")
    npi = models.CharField("NPI number", max_length=10, blank=True)
    supervising_physician = models.CharField(
        "supervising physician",
        max_length=200,
        blank=True,
        help_text="Registered nurses: the physician who supervises your aesthetic practice.",
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replacements"
    )
    decided_under = models.ForeignKey(
        JurisdictionRule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The rule version in force when the license was verified or rejected.",
    )
    last_expiry_reminder_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # Re-verification (accounts/discipline.py): a verified license near its expiry, or one whose
    # holder reported a new license, is back in the review queue while this is set; it stays
    # verified meanwhile. `reverify_expiry` is the expiry date the last request was for, so the
    # daily job asks once per expiry date.
    reverify_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    reverify_reason = models.CharField(max_length=200, blank=True, editable=False)
    reverify_expiry = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["jurisdiction", "number_normalized"]),
            models.Index(
                fields=["reverify_requested_at", "id"],
                condition=Q(reverify_requested_at__isnull=False),
                name="license_reverify_queue",
            ),
            models.Index(fields=["status", "expires_on"]),
            # The review queue reads the oldest open items in order (see review_queue).
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status__in=["submitted", "under_review"]),
                name="license_open_queue",
            ),
        ]

    def __str__(self):
        return f"{self.get_license_type_display()} {self.number}"

    @staticmethod
    def normalize_number(number: str) -> str:
        return "".join(ch for ch in number.upper() if ch.isalnum())

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == ReviewStatus.VERIFIED and self.expires_on >= today


class LicenseNumberClaim(models.Model):
    """Who holds a license number in a jurisdiction: one applicant, enforced by the database.

    A license number cannot be unique among MedicalLicense rows themselves: an applicant's own
    replacement (a renewed license, often with the same number) is live beside the license it
    replaces until verified. The claim is per number, owned by one applicant, and taken in the
    transaction of every submission or correction; two applicants submitting the same number at
    the same instant meet at its unique constraint. It is released once none of the owner's live
    licenses (neither rejected nor superseded) has the number."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    number_normalized = models.CharField(max_length=40)
    applicant = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "number_normalized"],
                name="one_holder_per_license_number",
            )
        ]

    def __str__(self):
        return f"{self.number_normalized} ({self.jurisdiction_id}) held by {self.applicant_id}"


class SupportingCredential(ReviewedSubmission):
    """A continuing-education certificate (with credit hours) or a further certification."""

    class Kind(models.TextChoices):
        CONTINUING_EDUCATION = "ce", "Continuing education"
        CERTIFICATION = "certification", "Certification"

    applicant = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="supporting_credentials"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    certification_type = models.ForeignKey(
        CertificationType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200, help_text="Course or certificate title.")
    provider = models.CharField(max_length=200)
    credit_hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    completed_on = models.DateField("completed / issued on")
    expires_on = models.DateField("expiry date", null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["status", "expires_on"]),
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status__in=["submitted", "under_review"]),
                name="credential_open_queue",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == ReviewStatus.VERIFIED and (
            self.expires_on is None or self.expires_on >= today
        )


from .outbox import OutgoingEmail  # noqa: E402, F401  (the e-mail outbox; its own module)


class ReadModelVersion(models.Model):
    """A version token shared by many cached answers, replaced in the transaction of any change
    to what they were worked out from (accounts/pathway_versions.py: the pathway's catalogue of
    programs, modules, exams and jurisdiction rules). In the database, not the cache, so that it
    moves with the transaction and survives a cache outage."""

    name = models.CharField(max_length=50, primary_key=True)
    version = models.PositiveBigIntegerField(default=new_version_token)

    def __str__(self):
        return f"{self.name}: {self.version}"


from .models_discipline import (  # noqa: E402, F401  (discipline and monitoring; their own module)
    LicenseAction,
    MonitoringImport,
    MonitoringMatch,
)
