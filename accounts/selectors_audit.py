"""The audit trail as the program admins search it: by person, kind of record, action, dates.

Every filter has an index that also serves the newest-first order (see AuditEntry.Meta), and a
page is two queries (the count and the rows with their people), whatever the size of the trail.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEntry, User

# The apps whose records are audited; their models are the kinds an admin can filter by.
AUDITED_APPS = ("accounts", "programs", "exams", "certification")


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""
    person_id: int | None = None
    kind: ContentType | None = None
    object_id: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audited_kinds() -> QuerySet[ContentType]:
    return ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("app_label", "model")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _people_matching(text: str) -> QuerySet[User]:
    # An exact address is the common case (and an indexed lookup); a part of a name or address
    # finds everyone it matches.
    if "@" in text:
        return User.objects.filter(email__iexact=text).values("pk")
    return User.objects.filter(
        Q(full_legal_name__icontains=text) | Q(email__icontains=text)
    ).values("pk")


def audit_entries(filters: AuditFilters) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor", "subject", "target_type")
    if filters.person_id is not None:
        entries = entries.filter(Q(actor_id=filters.person_id) | Q(subject_id=filters.person_id))
    elif filters.person:
        people = _people_matching(filters.person)
        entries = entries.filter(Q(actor__in=people) | Q(subject__in=people))
    if filters.kind is not None:
        entries = entries.filter(target_type=filters.kind)
        if filters.object_id:
            entries = entries.filter(target_id=filters.object_id)
    if filters.action:
        # "license." finds every license action; a full name finds that one.
        entries = entries.filter(action__startswith=filters.action)
    if filters.date_from:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return entries.order_by("-at", "-id")


def person_history(person: User, *, limit: int = 50) -> list[AuditEntry]:
    """The latest entries where `person` acted or was the one the record is about."""
    return list(audit_entries(AuditFilters(person_id=person.pk))[:limit])
