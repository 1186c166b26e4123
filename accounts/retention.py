"""The retention rule: the uploaded documents of applicants inactive for
DOCUMENT_RETENTION_YEARS are removed: license and credential scans, and the kinds the apps
above register (CE proofs of renewals, accounts/documents.py). The files and the document
fields go; the submission, its decision and a note of the removal stay (the audit entry lists
every row), and certificates are never touched.

Inactive means: no sign-in and nothing in the audit trail by or about them since the cut-off.
Documents still waiting for review are kept (an admin may be reading them), and so are the
CE proofs of a renewal still open.
"""

from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from . import audit
from .actors import SYSTEM
from .documents import DOCUMENT_KINDS, DocumentKind
from .models import AuditEntry, User


@dataclass
class RetentionRun:
    applicants: int = 0
    documents: int = 0


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - relativedelta(years=settings.DOCUMENT_RETENTION_YEARS)


def _removable(kind: DocumentKind, **filters):
    return kind.with_file().filter(**filters).exclude(kind.in_use)


def inactive_applicants_with_documents(cutoff: datetime):
    recent_audit = AuditEntry.objects.filter(
        Q(actor=OuterRef("pk")) | Q(subject=OuterRef("pk")), at__gte=cutoff
    )
    holds_documents = Q()
    for kind in DOCUMENT_KINDS:  # licenses, credentials, and the kinds the apps above register
        holds_documents |= Q(Exists(_removable(kind, **{kind.applicant: OuterRef("pk")})))
    return (
        User.objects.filter(
            Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
        )
        .filter(holds_documents)
        .filter(~Exists(recent_audit))
        .order_by("pk")
    )


@transaction.atomic
def remove_documents(*, applicant: User, cutoff: datetime) -> int:
    """Remove one inactive applicant's documents; the files go once the change has committed."""
    applicant = User.objects.select_for_update().get(pk=applicant.pk)
    # Checked again under the lock: they may have signed in since the list was read.
    if not inactive_applicants_with_documents(cutoff).filter(pk=applicant.pk).exists():
        return 0
    today = timezone.localdate()
    removed, files = {}, []
    for kind in DOCUMENT_KINDS:
        rows = _removable(kind, **{kind.applicant: applicant}).select_for_update(of=("self",))
        items = list(rows)
        for item in items:
            document = getattr(item, kind.file_field)
            files.append((document.storage, document.name))
            cleared = [kind.file_field, *kind.cleared_fields]
            for name in cleared:
                setattr(item, name, "")
            if kind.removed_on_field:
                setattr(item, kind.removed_on_field, today)
                cleared.append(kind.removed_on_field)
            item.save(update_fields=cleared)
        if items or kind.removed_on_field:  # the first two kinds always, as before
            removed[kind.name] = [item.pk for item in items]
    audit.record(
        actor=SYSTEM,
        action="documents.removed_by_retention",
        target=applicant,
        reason=(
            f"No activity for {settings.DOCUMENT_RETENTION_YEARS} years: uploaded documents "
            "removed under the retention rule; certificates and decisions kept."
        ),
        data={"removed": removed, "retention_years": settings.DOCUMENT_RETENTION_YEARS},
    )

    def delete_files():
        for storage, name in files:
            storage.delete(name)

    # Only after the commit: a rolled-back run must not have lost the files the rows point to.
    transaction.on_commit(delete_files)
    return len(files)


def apply_retention(*, now: datetime | None = None) -> RetentionRun:
    cutoff = retention_cutoff(now)
    run = RetentionRun()
    for applicant in inactive_applicants_with_documents(cutoff).iterator(chunk_size=500):
        count = remove_documents(applicant=applicant, cutoff=cutoff)
        if count:
            run.applicants += 1
            run.documents += count
    return run
