"""Kinds of submission a later app adds to the program admins' review queue.

The queue lives here, in the bottom app, which may not name a later app's models or URLs
(certification's renewals, say). A later app registers a source in its `ready()`: the open rows
(a queryset with `submitted_at`, indexed on its status and `submitted_at` so that counting them
and reading the oldest stays an index walk), how to load the rows of one page in one query, and
how one row reads in the queue. The queue then costs a fixed number of queries per source.

The queue keeps its order in the cache while none of its rows changes
(accounts/review_queue_cache.py): registering a source watches every save and delete of its
model; a service that changes its rows with a queryset `update()` calls
`review_queue_cache.queue_changed()` in the same transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from . import review_queue_cache


@dataclass(frozen=True)
class QueueRow:
    """How a registered source's row reads in the queue."""

    summary: str
    url: str
    status_label: str
    flag: str = ""  # a short mark worth noticing ("CE audit"), shown as a badge with text


@dataclass(frozen=True)
class QueueSource:
    kind: str
    label: str
    # Open rows waiting for a decision; must have `submitted_at`.
    open_rows: Callable[[], QuerySet]
    # The field naming the person the row is about (for the jurisdiction filter).
    person_field: str
    # The rows of one page, by primary key, in one query (with the person selected).
    load: Callable[[list[int]], dict]
    row: Callable[[object], QueueRow]


_sources: dict[str, QueueSource] = {}


def register(source: QueueSource) -> None:
    _sources[source.kind] = source
    review_queue_cache.watch(source.open_rows().model)


def sources() -> list[QueueSource]:
    return list(_sources.values())
