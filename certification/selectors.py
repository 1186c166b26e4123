"""Reads of certificates, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import has_role
from accounts.compiled_reads import CompiledRead
from accounts.models import MedicalLicense
from accounts.names import guess_family_name, name_key
from accounts.roles import Role
from accounts.selectors import history_of

from .models import Certificate

Status = Certificate.Status

# The certificate a render task works on, with its holder (the e-mail's name and address): read
# once per issue, its SQL compiled once per worker process (a cohort's end reads a thousand).
_TO_ISSUE = CompiledRead(
    lambda certificate: Certificate.objects.select_related("holder").filter(pk=certificate)
)


def certificate_to_issue(certificate_id: int) -> Certificate | None:
    found = _TO_ISSUE.objects(certificate=certificate_id)
    return found[0] if found else None


def _with_holder_licenses(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """What public_status() reads: the holder and their licenses (one more query per list)."""
    return certificates.select_related("holder", "program").prefetch_related(
        Prefetch(
            "holder__medical_licenses",
            queryset=MedicalLicense.objects.only("id", "applicant_id", "status", "expires_on"),
        )
    )


@dataclass
class CurrentCertificate:
    """The certificate the holder's dashboard shows for a program, and a renewal on its way."""

    certificate: Certificate
    renewal: Certificate | None = None

    @property
    def public_status(self) -> str:
        return self.certificate.public_status()

    @property
    def can_renew(self) -> bool:
        """Inside the program's renewal window, with no renewed certificate on its way."""
        today = timezone.localdate()
        return (
            self.renewal is None
            and self.certificate.status == Status.ISSUED
            and self.certificate.renewal_opens_on() <= today <= self.certificate.renewal_closes_on()
        )

    @property
    def lapsed(self) -> bool:
        """Past the renewal window: renewal is closed, the exams must be sat again."""
        return self.renewal is None and self.certificate.is_lapsed()


def current_certificate(applicant, program) -> CurrentCertificate | None:
    """The holder's certificate of `program`: the issued one, else the one being prepared, else
    the latest (revoked or replaced). Two queries."""
    if program is None:
        return None
    certificates = list(
        _with_holder_licenses(Certificate.objects.filter(holder=applicant, program=program))
    )
    if not certificates:
        return None
    issued = next((c for c in certificates if c.status == Status.ISSUED), None)
    pending = next((c for c in certificates if c.status == Status.PENDING), None)
    if issued is not None:
        return CurrentCertificate(issued, renewal=pending)
    return CurrentCertificate(pending or certificates[0])


def certificate_for_holder_or_admin(user, pk: int) -> Certificate:
    """The holder's own certificate, or any for a program admin; 404 for anyone else."""
    certificates = _with_holder_licenses(Certificate.objects.all())
    if not has_role(user, Role.PROGRAM_ADMIN):
        certificates = certificates.filter(holder=user)
    return get_object_or_404(certificates, pk=pk)


def certificate_for_admin(pk: int) -> Certificate:
    return get_object_or_404(
        _with_holder_licenses(Certificate.objects.select_related("revoked_by", "renews")), pk=pk
    )


def published_certificate(code: str) -> Certificate:
    """A certificate by its verification code, once it has been issued (a pending one has no
    document to verify yet)."""
    certificate = (
        _with_holder_licenses(Certificate.objects.exclude(status=Status.PENDING))
        .filter(verification_code=code)
        .first()
    )
    if certificate is None:
        raise Http404("No certificate has this code.")
    return certificate


def find_by_document_sha256(sha256: str) -> Certificate | None:
    """The issued certificate whose stored PDF has this SHA-256 (an indexed column), or None.
    A renewal or re-render stores a new file and hash, so only the current file matches."""
    if len(sha256) != 64:
        return None
    return (
        _with_holder_licenses(Certificate.objects.exclude(status=Status.PENDING))
        .filter(sha256=sha256)
        .first()
    )


def find_by_number_and_surname(number: str, surname: str) -> Certificate | None:
    """The number in any case, and the family name frozen on the certificate as the holder
    gave it, case- and accent-insensitively ("smith" and "Smíth" find John Smith Jr.; "Jr."
    does not). The caller says only "no certificate matches", never which half was wrong."""
    number, surname = number.strip(), name_key(surname)
    if not number or not surname:
        return None
    certificate = (
        Certificate.objects.exclude(status=Status.PENDING).filter(number__iexact=number).first()
    )
    if certificate is None:
        return None
    family_name = certificate.snapshot.get("holder_family_name") or guess_family_name(
        certificate.holder_name
    )
    return certificate if name_key(family_name) == surname else None


def staff_certificates():
    """The admins' list, newest first (narrowed by certification/filters.py); a page of it is
    four queries whatever the size."""
    return _with_holder_licenses(Certificate.objects.all()).order_by("-created_at", "-id")


def certificates_matching(certificates, text: str):
    """Those whose number or holder's name contains `text`."""
    return certificates.filter(
        Q(number__icontains=text) | Q(holder__full_legal_name__icontains=text)
    )


def certificate_history(certificate: Certificate):
    return history_of(certificate)
