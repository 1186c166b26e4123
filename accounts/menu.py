"""The kit each app uses to declare its menu entries and its staff-home work tiles.

Every app lists its own pages in `<app>/navigation.py` (a `MENU` list of `MenuEntry` and a
`TILES` list of `WorkTile`); the top layer (`certification/navigation_compose.py`) finds those
modules and composes them, so this bottom app never names a later app's URL. Adding a page to
the menu is one line in its own app's `navigation.py`:

    MenuEntry("Audit log", "accounts:audit_log", "journal-text", ADMIN, Section.PEOPLE),
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .roles import STAFF_ROLES, Role


class Section(Enum):
    """Where an entry sits: staff work is grouped by what people do; applicants follow the steps.

    The value is (label, icon); the order here is the order of the menu.
    """

    HOME = ("Work list", "clipboard-check")
    QUALIFICATIONS = ("Qualifications", "person-vcard")
    PROGRAMS = ("Programs", "journal-medical")
    EXAMS = ("Exams", "pencil-square")
    CERTIFICATES = ("Certificates", "award")
    PEOPLE = ("People", "people")
    # the applicant's own pages: the pathway overview, then the five steps in order
    PATHWAY = ("My certification", "signpost-split")

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def icon(self) -> str:
        return self.value[1]


def _role_set(roles: Role | Iterable[Role]) -> frozenset[Role]:
    return frozenset([roles] if isinstance(roles, Role) else roles)


@dataclass(frozen=True)
class MenuEntry:
    """One link of the menu, shown to the people holding any of `roles`.

    `order` sorts entries inside a section (the applicant's step number, say); entries with the
    same order keep the order in which the apps declare them.
    """

    label: str
    url_name: str
    icon: str
    roles: Role | frozenset[Role]
    section: Section
    order: int = 50

    def __post_init__(self):
        object.__setattr__(self, "roles", _role_set(self.roles))


@dataclass(frozen=True)
class WorkItem:
    """A line of a tile's list: what it is, where it leads, and a short note (a date, a count)."""

    text: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Work:
    """What a tile found for one person. `count` with `oldest` for a queue; `items` for a list."""

    count: int | None = None
    oldest: datetime | None = None
    items: tuple[WorkItem, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class WorkTile:
    """One card of the staff home (`/staff/`), shown to the people holding any of `roles`.

    `load(user)` returns the `Work` waiting for that person in a fixed number of queries (one
    or two aggregates, or one short list), so the staff home keeps a constant query count
    however many rows wait. `url_name` (+ `query`) is the queue the tile leads to.
    """

    key: str
    title: str
    icon: str
    roles: Role | frozenset[Role]
    load: Callable[..., Work]
    url_name: str = ""
    query: str = ""
    empty_text: str = "Nothing waiting."
    order: int = 50

    def __post_init__(self):
        object.__setattr__(self, "roles", _role_set(self.roles))


ADMIN = Role.PROGRAM_ADMIN
INSTRUCTOR = Role.INSTRUCTOR
EXAMINER = Role.EXAMINER
APPLICANT = Role.APPLICANT
ANY_STAFF = frozenset(STAFF_ROLES)
