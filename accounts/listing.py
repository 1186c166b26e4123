"""One list path for every staff list: filter, page, keep the filters in the paging links.

The pattern, the same on every list that filters:

1. The app's selector returns the list's *base queryset*: what the page may show, its joins
   (`select_related`, annotations) and its order. Queries live in selectors.
2. The app's `filters.py` declares a `ListFilterSet` over it. Each filter parses one request
   value (a bad value is a form error, never a server error) and narrows the queryset: by a
   declared field lookup, or, when it takes more than one lookup (a search over several columns,
   a subquery), through `method=` naming a small method that calls a selector function, so the
   query itself is still written in selectors.
3. The view builds the FilterSet on the selector's queryset and pages it:

       filterset = CertificateFilter(request.GET, queryset=selectors.staff_certificates())
       page = filtered_page(request, filterset)

   and the template includes `_filters.html` (the form: visible labels, errors, one layout)
   and `_pagination.html` (`{% querystring %}` keeps the filters and replaces only the page).

While a filter value is invalid the list is empty and the form says what to correct: a list
that silently dropped the bad filter would show (and export) more than was asked for.

One list is not one queryset: the review queue merges several tables oldest first and reads
each only as far as the page needs (accounts/selectors_review_queue.py). Its FilterSet parses
the same way, and its bar is written by `_filters.html`, once per choice set and query
(accounts/filters.py `review_queue_filters`); the view hands the cleaned values to that
selector, which pages.
"""

from collections.abc import Callable, Iterable
from html import escape

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


class PlainSelect(forms.Select):
    """A select whose options are written here rather than by one template each: the review
    queue's filter renders ~66 options on every view (2.7 ms through the option templates, about
    1 ms through format_html per option). Flat choices only (no groups); every value and label
    is escaped here."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for key, label in self.choices:
            key = str(key)
            selected = " selected" if key in chosen else ""
            options.append(
                f'<option value="{conditional_escape(key)}"{selected}>'
                f"{conditional_escape(label)}</option>"
            )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            attributes,
            mark_safe("".join(options)),  # noqa: S308 (escaped above)
        )


def _dress(fields: dict) -> None:
    """Bootstrap classes, cheap selects and help texts tied to their fields, set once on the
    form class's fields (instances copy them)."""
    for name, field in fields.items():
        if type(field.widget) is forms.Select:
            field.widget = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)
        if isinstance(field.widget, forms.Select):
            field.widget.attrs.setdefault("class", "form-select")
        elif not field.widget.is_hidden:
            field.widget.attrs.setdefault("class", "form-control")
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"id_{name}-help"


class FilterForm(forms.Form):
    """The form of every ListFilterSet: invalid fields marked for assistive technology.
    Subclass it (as `Meta.form`) for checks across fields or choices read per view."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                described = f"{self.auto_id % name}-error {attrs.get('aria-describedby', '')}"
                attrs["aria-describedby"] = described.strip()


class ListFilterSet(django_filters.FilterSet):
    class Meta:
        form = FilterForm

    def get_form_class(self):
        # django-filter builds a form class from the filters on every view (about 2 ms for the
        # review queue's selects); ours never change per view, so it is built once per class.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            _dress(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class


def page_of(request, rows) -> Page:
    """The requested page of `rows`, settings.PAGE_SIZE to a page (a bad page number: the
    nearest page, as Paginator.get_page does)."""
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def filtered_page(request, filterset: django_filters.FilterSet) -> Page:
    """The requested page of the filtered list; an empty one while a filter value is invalid."""
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return page_of(request, rows)


class RowDates:
    """Dates of a list's rows as the `date` filter writes them with "j M Y" ("2 Dec 2026") and
    "j M Y H:i" (in the current time zone), for rows whose cells are worked out in Python: the
    filter costs ~15 us a call in Django's date formatting, a tenth of a row's rendering. The
    month names are translated and the current time zone read once per list."""

    def __init__(self):
        self._months: dict[int, str] = {}
        self._zone = timezone.get_current_timezone()

    def day(self, day) -> str:
        if day.month not in self._months:
            self._months[day.month] = MONTHS_3[day.month].title()
        return f"{day.day} {self._months[day.month]} {day.year:04d}"

    def minute(self, at) -> str:
        at = at.astimezone(self._zone)  # timezone.localtime without its checks, ~6 us a call
        return f"{self.day(at)} {at:%H:%M}"


# Any number that no route's other arguments hold: `url_by_pk` finds it in the reversed URL.
_PK_MARK = 7_919_000_077


def url_by_pk(name: str, *args) -> Callable[[int], str]:
    """`reverse(name, args=[*args, pk])` for a list's rows: reversed once, then each row's key
    written in (a `reverse()` per row cost ~40 us, a third of a row's cells)."""
    before, _, after = reverse(name, args=[*args, _PK_MARK]).partition(str(_PK_MARK))
    return lambda pk: f"{before}{int(pk)}{after}"


def table_rows(markup: str, rows: Iterable[tuple]) -> SafeString:
    """A list's table rows written from `markup`, a `str.format` template of the list's own
    HTML, rather than by a `{% for %}` over the template: 25 rows of ten values were ~250
    template variables, most of a list page's CPU time. Every value is escaped with
    `html.escape`, as Django's `escape` does (without its lazy-string wrapper, which cost more
    than the escaping), except markup already marked safe (a cell built from escaped parts)."""
    return mark_safe(  # noqa: S308 (every value escaped here; the markup is the caller's own)
        "\n".join(
            markup.format(
                *(value if isinstance(value, SafeString) else escape(str(value)) for value in row)
            )
            for row in rows
        )
    )
