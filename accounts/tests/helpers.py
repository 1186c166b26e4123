from pathlib import Path

from django.contrib.messages import get_messages


def messages_of(response) -> list[str]:
    """The flash messages the response queued for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def stored_files(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]
