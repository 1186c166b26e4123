"""Pages about a person that the top layer provides: an admin's view of a person's file and
the person's own "download my data". Both compose every app, so they live in the top layer;
the accounts pages (people and roles, the review page, the qualifications page) link to them
through this registry, which the top layer fills at start-up, so that this bottom app never
names a later app's URL."""

from django.urls import reverse

_url_names: dict[str, str] = {}


def register(*, person_file: str = "", my_data: str = "") -> None:
    _url_names.update(
        {k: v for k, v in {"person_file": person_file, "my_data": my_data}.items() if v}
    )


def person_file_url(person_pk: int) -> str:
    """The address of the person's file, or "" when no app provides one."""
    name = _url_names.get("person_file")
    return reverse(name, args=[person_pk]) if name else ""


def my_data_url() -> str:
    name = _url_names.get("my_data")
    return reverse(name) if name else ""
