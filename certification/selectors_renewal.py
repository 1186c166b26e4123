"""Reads of renewals, each in a fixed number of queries, and the review queue's renewal source."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.review_sources import QueueRow, QueueSource

from .models import Certificate
from .models_renewal import Renewal

QUEUE_KIND = "renewal"


def _with_evidence(renewals: QuerySet[Renewal]) -> QuerySet[Renewal]:
    return renewals.select_related(
        "certificate__program", "holder", "reviewer", "new_certificate"
    ).prefetch_related("ce_items", "practice_entries")


def latest_renewal(certificate: Certificate) -> Renewal | None:
    """The renewal in progress, else the last one decided (three queries)."""
    renewals = _with_evidence(Renewal.objects.filter(certificate=certificate))
    open_one = renewals.filter(status__in=Renewal.OPEN_STATUSES).first()
    return open_one or renewals.order_by("-created_at", "-id").first()


def renewal_of_holder(user, pk: int) -> Renewal:
    """The holder's own renewal; a 404 for anyone else (admins decide from the staff page)."""
    return get_object_or_404(_with_evidence(Renewal.objects.filter(holder=user)), pk=pk)


def renewal_for_review(pk: int) -> Renewal:
    return get_object_or_404(_with_evidence(Renewal.objects.all()), pk=pk)


def ce_item_for(user, renewal_pk: int, item_pk: int, *, admin: bool):
    """A CE item of the user's own renewal, or of any renewal for a program admin."""
    renewals = Renewal.objects.all() if admin else Renewal.objects.filter(holder=user)
    renewal = get_object_or_404(renewals, pk=renewal_pk)
    return get_object_or_404(renewal.ce_items.select_related("renewal"), pk=item_pk)


# --- the review queue's third kind ----------------------------------------------------------------


def _open_rows() -> QuerySet[Renewal]:
    # Counted and read oldest first on the (status, submitted_at) index.
    return Renewal.objects.filter(status=Renewal.Status.SUBMITTED)


def _load(ids: list[int]) -> dict[int, Renewal]:
    rows = Renewal.objects.filter(pk__in=ids).select_related("holder", "certificate__program")
    return {renewal.pk: renewal for renewal in rows.prefetch_related(Prefetch("ce_items"))}


def _row(renewal: Renewal) -> QueueRow:
    certificate = renewal.certificate
    hours = sum(item.hours for item in renewal.ce_items.all())
    return QueueRow(
        summary=f"Renewal · {certificate.number} · {certificate.program.name} · CE {hours} h",
        url=reverse("certification:staff_renewal", args=[renewal.pk]),
        status_label=renewal.get_status_display(),
        flag="CE audit" if renewal.audited else "",
    )


queue_source = QueueSource(
    kind=QUEUE_KIND,
    label="Certificate renewals",
    open_rows=_open_rows,
    person_field="holder_id",
    load=_load,
    row=_row,
)
