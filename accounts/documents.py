"""Applicants' document files: a file no row refers to is deleted, at once when a correction
replaces it (after the commit, so a rolled-back correction keeps it), and by a daily sweep for
files a crash left behind (an upload stored by a request whose transaction then failed).

Each kind of uploaded document is a `DocumentKind`: licenses and credentials here, and those of
the apps above (CE proofs of a renewal) registered by them (`register_document_kind`), since this
app may not import them. The sweep and the retention rule (retention.py) read the same list.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OPEN_REVIEW_STATUSES, MedicalLicense, SupportingCredential

# A file this young may belong to a request still in its transaction: the sweep leaves it.
SWEEP_MIN_AGE = timedelta(days=1)


@dataclass(frozen=True)
class DocumentKind:
    """One kind of uploaded file: its model and file field, the folder the files are stored in,
    the path from a row to the applicant who uploaded it, the fields cleared with the file, and
    the rows still in use (waiting for review), which the retention rule keeps."""

    model: type
    folder: str
    file_field: str = "document"
    applicant: str = "applicant"
    cleared_fields: tuple[str, ...] = ("document_name", "document_content_type")
    removed_on_field: str = ""  # the day the retention rule removed it, where the model has one
    in_use: Q = field(default_factory=lambda: Q(status__in=OPEN_REVIEW_STATUSES))

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    def storage(self):
        return self.model._meta.get_field(self.file_field).storage

    def with_file(self):
        return self.model.objects.exclude(**{self.file_field: ""})


DOCUMENT_KINDS: list[DocumentKind] = [
    DocumentKind(
        MedicalLicense, "documents/medicallicense", removed_on_field="document_removed_on"
    ),
    DocumentKind(
        SupportingCredential,
        "documents/supportingcredential",
        removed_on_field="document_removed_on",
    ),
]


def register_document_kind(kind: DocumentKind) -> None:
    if all(
        known.model is not kind.model or known.file_field != kind.file_field
        for known in DOCUMENT_KINDS
    ):
        DOCUMENT_KINDS.append(kind)


def _storage():
    return MedicalLicense._meta.get_field("document").storage


def is_referenced(name: str) -> bool:
    return any(
        kind.model.objects.filter(**{kind.file_field: name}).exists() for kind in DOCUMENT_KINDS
    )


def delete_if_unreferenced(name: str) -> bool:
    if not name or is_referenced(name):
        return False
    _storage().delete(name)
    return True


def delete_replaced_document(old_name: str, new_name: str) -> None:
    """Call inside the transaction that replaced the document: the old file goes once it
    commits, and only if no row (a replacement sharing it, say) still refers to it."""
    if old_name and old_name != new_name:
        transaction.on_commit(lambda: delete_if_unreferenced(old_name))


def purge_orphan_documents(*, now=None, min_age: timedelta = SWEEP_MIN_AGE) -> int:
    """Delete document files older than `min_age` that no row refers to; their number."""
    now = now or timezone.now()
    storage = _storage()
    referenced = set()
    for kind in DOCUMENT_KINDS:
        referenced.update(kind.with_file().values_list(kind.file_field, flat=True))
    deleted = 0
    for folder in dict.fromkeys(kind.folder for kind in DOCUMENT_KINDS):
        if not storage.exists(folder):
            continue
        _, files = storage.listdir(folder)
        for file_name in files:
            name = f"{folder}/{file_name}"
            if name in referenced or storage.get_modified_time(name) > now - min_age:
                continue
            if delete_if_unreferenced(name):  # asked again: the set may be a moment old
                deleted += 1
    return deleted
