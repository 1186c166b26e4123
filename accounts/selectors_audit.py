"""The audit trail as the program admins search it: by person, kind of record, action, dates.

Every filter has an index that also serves the newest-first order (see AuditEntry.Meta), and a
page is two queries (the count and the rows with their people), whatever the size of the trail.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEntry, User

# The apps whose records are audited; their models are the kinds an admin can filter by.
AUDITED_APPS = ("accounts", "programs", "exams", "certification")


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


def audit_entries() -> QuerySet[AuditEntry]:
    """The whole trail, newest first, with the people and kinds each row shows (the base of the
    audit trail page; accounts/filters.py `AuditFilter` narrows it with the functions below)."""
    return AuditEntry.objects.select_related("actor", "subject", "target_type").order_by(
        "-at", "-id"
    )


def entries_concerning(entries: QuerySet[AuditEntry], person_id: int) -> QuerySet[AuditEntry]:
    """Entries the person made or that are about them."""
    return entries.filter(Q(actor_id=person_id) | Q(subject_id=person_id))


def entries_concerning_people(entries: QuerySet[AuditEntry], text: str) -> QuerySet[AuditEntry]:
    """Entries made by, or about, anyone matching `text` (an address, or part of a name)."""
    people = _people_matching(text)
    return entries.filter(Q(actor__in=people) | Q(subject__in=people))


def entries_on_record(
    entries: QuerySet[AuditEntry], kind: ContentType, object_id: str = ""
) -> QuerySet[AuditEntry]:
    """Entries about records of one kind, or about one record when its id is given."""
    entries = entries.filter(target_type=kind)
    return entries.filter(target_id=object_id) if object_id else entries


def entries_from(entries: QuerySet[AuditEntry], day: date) -> QuerySet[AuditEntry]:
    return entries.filter(at__gte=_start_of(day))


def entries_until(entries: QuerySet[AuditEntry], day: date) -> QuerySet[AuditEntry]:
    """Entries up to the end of `day` (local time), inclusive."""
    return entries.filter(at__lt=_start_of(day + timedelta(days=1)))


def person_history(person: User, *, limit: int = 50) -> list[AuditEntry]:
    """The latest entries where `person` acted or was the one the record is about."""
    return list(entries_concerning(audit_entries(), person.pk)[:limit])
