"""License numbers are unique per jurisdiction across applicants: a friendly check first, then
a claim row (`LicenseNumberClaim`, unique in the database) that decides between two submissions
at the same instant, passed on once its owner holds no live license with the number."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import selectors
from .errors import DomainError
from .models import LicenseNumberClaim, MedicalLicense, ReviewStatus


class LicenseNumberTaken(DomainError):
    field = "number"


def number_taken(license: MedicalLicense) -> DomainError:
    # The words of the form's own check (MedicalLicenseForm.clean), on the same field.
    return LicenseNumberTaken(
        f"This license number is already registered in {license.jurisdiction} by another "
        "applicant. If it is yours, contact the program office."
    )


def check_license_number_free(license: MedicalLicense) -> None:
    """The friendly check first (it also sees rows made without a claim), then the claim that
    the database enforces: of two submissions at the same instant, one fails here."""
    holder = selectors.license_number_holder(
        jurisdiction=license.jurisdiction, number=license.number, other_than=license.applicant
    )
    if holder is not None:
        raise number_taken(license)
    claim_license_number(license)


def claim_license_number(license: MedicalLicense) -> None:
    number, jurisdiction = license.number_normalized, license.jurisdiction_id
    claims = LicenseNumberClaim.objects.filter(jurisdiction=jurisdiction, number_normalized=number)
    claim = claims.first()
    if claim is None:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction survives a clash
                LicenseNumberClaim.objects.create(
                    jurisdiction_id=jurisdiction,
                    number_normalized=number,
                    applicant=license.applicant,
                )
            return
        except IntegrityError as error:
            raise number_taken(license) from error
    if claim.applicant_id == license.applicant.pk:
        return
    # A claim whose owner holds no live license with the number any more (released late, or
    # left by a deletion) passes on, with a conditional update so that only one taker wins.
    if _holds_live_number(claim.applicant_id, jurisdiction, number):
        raise number_taken(license)
    taken = claims.filter(pk=claim.pk, applicant_id=claim.applicant_id).update(
        applicant=license.applicant, claimed_at=timezone.now()
    )
    if taken != 1:
        raise number_taken(license)


def _holds_live_number(applicant_id: int, jurisdiction_id: int, number: str) -> bool:
    return (
        MedicalLicense.objects.filter(
            applicant_id=applicant_id, jurisdiction_id=jurisdiction_id, number_normalized=number
        )
        .exclude(status__in=[ReviewStatus.REJECTED, ReviewStatus.SUPERSEDED])
        .exists()
    )


def release_license_number(license: MedicalLicense) -> None:
    """Free the number for others once none of the owner's live licenses carries it."""
    if not _holds_live_number(
        license.applicant_id, license.jurisdiction_id, license.number_normalized
    ):
        LicenseNumberClaim.objects.filter(
            jurisdiction_id=license.jurisdiction_id,
            number_normalized=license.number_normalized,
            applicant_id=license.applicant_id,
        ).delete()
