"""A lapsed certificate: past the program's renewal window, renewal is closed and the holder
earns the certificate again by sitting the written and practical exams again.

The lapse is derived, like expiry: an issued certificate whose renewal window closed
(`Certificate.is_lapsed`). From the day after the window closed, the exams count only results
obtained since (`results_since`, which the exams layer asks through `accounts.events`); once the
holder has passed both again, `issue_if_earned` issues a new certificate that replaces the
lapsed one (`reissue_due_after_lapse`).
"""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from .models import Certificate


def lapse_moment(certificate: Certificate) -> datetime:
    """The start of the first day after the renewal window: exam results from then on count."""
    day = certificate.renewal_closes_on() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def lapsed_results_since(pairs) -> dict:
    """The `accounts.events` provider: for (applicant id, program id) pairs, the lapse moment
    of those whose certificate in force lapsed. One query."""
    today = timezone.localdate()
    match = Q()
    for applicant_id, program_id in set(pairs):
        match |= Q(holder_id=applicant_id, program_id=program_id)
    certificates = (
        Certificate.objects.filter(match, status=Certificate.Status.ISSUED)
        .select_related("program")
        .only("holder_id", "program_id", "status", "expires_on")
        .only("program__renewal_closes_days_after")
    )
    return {
        (c.holder_id, c.program_id): lapse_moment(c) for c in certificates if c.is_lapsed(today)
    }


def results_since_of(certificate: Certificate | None) -> datetime | None:
    """What `lapsed_results_since` answers for the certificate already read (no query)."""
    if certificate is None or not certificate.is_lapsed():
        return None
    return lapse_moment(certificate)


def reissue_due_after_lapse(certificate: Certificate, *, requirements_met: bool) -> bool:
    """The rule: a lapsed certificate is replaced by a new one once steps 1 to 4 hold again
    with exam results obtained after the lapse (the pathway counts only those for a lapsed
    holder, so `requirements_met` is that answer). Within the window, passing again changes
    nothing: a certificate in force is renewed by evidence, not by exams."""
    return certificate.is_lapsed() and requirements_met
