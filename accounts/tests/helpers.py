from pathlib import Path

from django.contrib.messages import get_messages
from django.test import TestCase


def messages_of(response) -> list[str]:
    """The flash messages the response queued for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def stored_files(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


def committed():
    """Run what the block hands to `transaction.on_commit` at its end, as a real commit would
    (a test's own transaction never commits): for what is replaced once a change commits, such
    as the review queue's kept order (accounts/review_queue_cache.py)."""
    return TestCase.captureOnCommitCallbacks(execute=True)
