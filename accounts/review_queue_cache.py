"""The review queue's order, kept in the cache while no queued row changes.

Counting the open items on every view (~23.7k on the national seed: four index-only counts,
~2.6 ms of PostgreSQL) and merging each kind's oldest rows cost more than the rest of the page.
Both are kept in the cache under a version token (`ReadModelVersion` "review-queue"), replaced
once any save or delete of a row the queue is made of commits: licenses, supporting
credentials and each registered source's model (the receivers below, whatever path made the
change), and by the services' queryset updates, which send no signal (`queue_changed()`). An
entry is used only under the token it was worked out under; a miss works it out again.

Only the order is kept (the total, and each page's kinds and keys): the rows themselves, with
the names and e-mail addresses they show, are read on every view.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from .compiled_reads import CompiledRead
from .models import ReadModelVersion, new_version_token

NAME = "review-queue"
# A safety net: an entry is right for as long as its token is current, and a token a crash
# kept from being replaced (below) stands this long at most.
ENTRY_SECONDS = 300


def queue_changed() -> None:
    """Something the queue is made of changed: replace the token (one UPDATE) once the change
    is committed, in a statement of its own. Replaced inside the change's transaction, the one
    token row would be locked by every license and credential saved anywhere until its
    transaction ended: saves queued behind one another, and two transactions saving two such
    rows could deadlock. Between the commit and the new token (a statement's time) a view may
    still use the order it kept; each row it shows is read fresh."""
    transaction.on_commit(_replace_token)


def _replace_token() -> None:
    updated = ReadModelVersion.objects.filter(name=NAME).update(version=new_version_token())
    if not updated:
        ReadModelVersion.objects.get_or_create(name=NAME)


def _version_row() -> QuerySet:
    return ReadModelVersion.objects.filter(name=NAME).values("version")


_read_version = CompiledRead(_version_row)  # read on every view of the queue


def queue_version() -> int:
    """The current token (one query). Created when missing, with a random token, so that the
    entries of two databases sharing a cache never meet."""
    for row in _read_version.dicts():
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
