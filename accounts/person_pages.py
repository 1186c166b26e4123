"""Where a person's file is. The file composes every app, so it lives in the top layer; the
accounts pages (people and roles, the review page) link to it through this registry, which the
top layer fills at start-up, so that this bottom app never names a later app's URL."""

from django.urls import reverse

_url_name: str = ""


def register(url_name: str) -> None:
    global _url_name
    _url_name = url_name


def person_file_url(person_pk: int) -> str:
    """The address of the person's file, or "" when no app provides one."""
    return reverse(_url_name, args=[person_pk]) if _url_name else ""
