"""Applicants' document files: a file no row refers to is deleted, at once when a correction
replaces it (after the commit, so a rolled-back correction keeps it), and by a daily sweep for
files a crash left behind (an upload stored by a request whose transaction then failed)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import MedicalLicense, SupportingCredential

DOCUMENT_MODELS = (MedicalLicense, SupportingCredential)
# A file this young may belong to a request still in its transaction: the sweep leaves it.
SWEEP_MIN_AGE = timedelta(days=1)


def _storage():
    return MedicalLicense._meta.get_field("document").storage


def is_referenced(name: str) -> bool:
    return any(model.objects.filter(document=name).exists() for model in DOCUMENT_MODELS)


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
    for model in DOCUMENT_MODELS:
        referenced.update(model.objects.exclude(document="").values_list("document", flat=True))
    deleted = 0
    for model in DOCUMENT_MODELS:
        folder = f"documents/{model._meta.model_name}"
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
