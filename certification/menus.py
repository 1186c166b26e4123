"""The menu and the staff home, composed from what each app declares in its `navigation.py`.

The apps below know only their own pages (see accounts/menu.py for the kit); this top layer
finds their declarations, in INSTALLED_APPS order, and puts them together per set of roles.
Both are pure functions of the code and the roles, so they are cached per role set in the
process: nothing to invalidate, since a deploy restarts the process.
"""

from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

from accounts.menu import ANY_STAFF, MenuEntry, Section, Work, WorkTile
from accounts.roles import Role


@lru_cache(maxsize=1)
def declarations() -> tuple[tuple[MenuEntry, ...], tuple[WorkTile, ...]]:
    entries: list[MenuEntry] = []
    tiles: list[WorkTile] = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "navigation"):
            module = import_module(f"{app_config.name}.navigation")
            entries.extend(getattr(module, "MENU", ()))
            tiles.extend(getattr(module, "TILES", ()))
    return tuple(entries), tuple(tiles)


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    icon: str
    view_name: str


@dataclass(frozen=True)
class MenuGroup:
    label: str
    icon: str
    links: tuple[MenuLink, ...]
    # a dropdown, or the links side by side (the staff home; an applicant's five steps)
    dropdown: bool

    @property
    def view_names(self) -> frozenset[str]:
        return frozenset(link.view_name for link in self.links)


@lru_cache(maxsize=64)
def menu_for(roles: frozenset[Role]) -> tuple[MenuGroup, ...]:
    """The menu of someone holding `roles`: staff work grouped by what people do, then (for
    an applicant) the pathway's steps in order, in a dropdown when they also hold a staff role."""
    entries, _ = declarations()
    holds_staff_role = bool(roles & ANY_STAFF)
    groups = []
    for section in Section:
        mine = sorted(
            (e for e in entries if e.section is section and e.roles & roles), key=lambda e: e.order
        )
        if not mine:
            continue
        links = tuple(MenuLink(e.label, reverse(e.url_name), e.icon, e.url_name) for e in mine)
        if section is Section.PATHWAY:
            dropdown = holds_staff_role
        else:
            # a section with one page for this person is that page's link, not a one-line menu
            dropdown = section is not Section.HOME and len(links) > 1
        groups.append(MenuGroup(section.label, section.icon, links, dropdown))
    return tuple(groups)


def _render_menu(roles: frozenset[Role], current_view: str) -> str:
    return render_to_string(
        "certification/_menu.html", {"groups": menu_for(roles), "current_view": current_view}
    )


_cached_menu = lru_cache(maxsize=1024)(_render_menu)


def menu_html(roles: frozenset[Role], current_view: str) -> str:
    """The rendered menu per role set and current page (which entry is aria-current).

    Cached in the process, except while DEBUG is on, where an edited menu template should show
    on the next reload as every other template does.
    """
    if settings.DEBUG:
        return _render_menu(roles, current_view)
    return _cached_menu(roles, current_view)


def home_url_for(roles: frozenset[Role]) -> str | None:
    """Where "home" (and sign-in) sends someone: every staff role works from the staff home."""
    if roles & ANY_STAFF:
        return reverse("certification:staff_home")
    if Role.APPLICANT in roles:
        return reverse("certification:dashboard")
    return None


# --- the staff home ------------------------------------------------------------------------


@dataclass(frozen=True)
class TileView:
    tile: WorkTile
    work: Work
    url: str


def tiles_for(roles: frozenset[Role]) -> tuple[WorkTile, ...]:
    _, tiles = declarations()
    return tuple(sorted((t for t in tiles if t.roles & roles), key=lambda t: t.order))


def staff_work_for(user, roles: frozenset[Role]) -> list[TileView]:
    """Every tile of the person's roles, loaded: a fixed number of queries per tile."""
    views = []
    for tile in tiles_for(roles):
        url = reverse(tile.url_name) if tile.url_name else ""
        if url and tile.query:
            url = f"{url}?{tile.query}"
        views.append(TileView(tile=tile, work=tile.load(user), url=url))
    return views
