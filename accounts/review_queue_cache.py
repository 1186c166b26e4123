"""The review queue's order, kept in the cache while no queued row changes.

Counting the open items on every view (~23.7k on the national seed: four index-only counts,
~2.6 ms of PostgreSQL) and merging each kind's oldest rows cost more than the rest of the page.
Both are kept in the cache under a version token (`ReadModelVersion` "review-queue"), replaced
in the transaction of any save or delete of a row the queue is made of: licenses, supporting
credentials and each registered source's model (the receivers below, whatever path made the
change), and by the services' queryset updates, which send no signal (`queue_changed()`). An
entry is used only under the token it was worked out under; a miss works it out again.

Only the order is kept (the total, and each page's kinds and keys): the rows themselves, with
the names and e-mail addresses they show, are read on every view.
"""

from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from .compiled_reads import CompiledRead
from .models import ReadModelVersion, new_version_token

NAME = "review-queue"
# A safety net only: an entry is right for as long as its token is current.
ENTRY_SECONDS = 3600


def queue_changed() -> None:
    """Something the queue is made of changed: replace the token (one UPDATE), in the
    transaction of the change so that no view can pair the old token with the new rows."""
    updated = ReadModelVersion.objects.filter(name=NAME).update(version=new_version_token())
    if not updated:
        ReadModelVersion.objects.get_or_create(name=NAME)


def _version_row() -> QuerySet:
    return ReadModelVersion.objects.filter(name=NAME).values("version")


_read_version = CompiledRead(_version_row)  # read on every view of the queue


def queue_version() -> int:
    """The current token (one query). Created when missing, with a random token, so that the
    entries of two databases sharing a cache never meet."""
    for row in _read_version():
        return row["version"]
    return ReadModelVersion.objects.get_or_create(name=NAME)[0].version


def kept(version: int, key: tuple, work_out):
    """The entry for `key` under the token `version` (read once per view), worked out and kept
    on a miss."""
    full_key = ":".join([NAME, str(version), *map(str, key)])
    value = cache.get(full_key)
    if value is None:
        value = work_out()
        cache.set(full_key, value, ENTRY_SECONDS)
    return value


def _row_changed(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata: nothing reads the queue from a fixture half loaded
        return
    queue_changed()


def watch(model) -> None:
    """Replace the token on every save and delete of this model's rows."""
    for signal in (post_save, post_delete):
        signal.connect(_row_changed, sender=model, dispatch_uid=f"review-queue-{model}")
