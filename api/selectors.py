"""Reads of the API and of its admin pages, each in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q

from accounts.models import MedicalLicense, User
from certification.models import Certificate

from .models import ApiCall, Partner, PartnerKey, PathwayConsent, WebhookDelivery, WebhookEndpoint

RECENT = 100


def _licenses():
    return Prefetch(
        "holder__medical_licenses",
        queryset=MedicalLicense.objects.only("id", "applicant_id", "status", "expires_on"),
    )


def published_certificates():
    """What the public verify page may show (pending ones have no document yet)."""
    return (
        Certificate.objects.exclude(status=Certificate.Status.PENDING)
        .select_related("holder")
        .prefetch_related(_licenses())
    )


def certified_holders(program_id: int):
    """Certificates in force of a program (issued: valid, expired or suspended), for paging."""
    return (
        Certificate.objects.filter(program_id=program_id, status=Certificate.Status.ISSUED)
        .select_related("holder")
        .prefetch_related(_licenses())
    )


def consenting_applicant(*, partner: Partner, email: str) -> User | None:
    """The applicant with this address, if they consent to `partner` now; None otherwise (the
    caller says "not found" either way: a partner learns nothing of non-consenting people)."""
    consent = (
        PathwayConsent.objects.filter(
            partner=partner, withdrawn_at__isnull=True, applicant__email__iexact=email.strip()
        )
        .select_related("applicant")
        .first()
    )
    return consent.applicant if consent else None


def keys_page():
    return {
        "keys": list(
            PartnerKey.objects.select_related("partner", "program", "created_by").annotate(
                call_count=Count("calls")
            )
        ),
        "calls": list(ApiCall.objects.select_related("key__partner")[:RECENT]),
    }


def webhooks_page():
    return {
        "endpoints": list(
            WebhookEndpoint.objects.annotate(
                delivered=Count("deliveries", filter=Q(deliveries__status="delivered")),
                failing=Count("deliveries", filter=~Q(deliveries__status="delivered")),
            )
        ),
        "deliveries": list(
            WebhookDelivery.objects.select_related("event", "endpoint").prefetch_related("log")[
                :RECENT
            ]
        ),
    }


def partners_for_consent(applicant):
    """Partners with a pathway key, and the applicant's consents in force. Two queries."""
    partners = list(
        Partner.objects.filter(
            keys__scope=PartnerKey.Scope.PATHWAY, keys__revoked_at__isnull=True
        ).distinct()
    )
    granted = dict(
        PathwayConsent.objects.filter(applicant=applicant, withdrawn_at__isnull=True).values_list(
            "partner_id", "granted_at"
        )
    )
    # A partner the applicant consented to stays listed (to withdraw) even without a key now.
    missing = set(granted) - {p.pk for p in partners}
    if missing:
        partners += list(Partner.objects.filter(pk__in=missing))
    return [(partner, granted.get(partner.pk)) for partner in partners]
