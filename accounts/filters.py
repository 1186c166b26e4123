"""The filters of the accounts app's staff lists (the pattern: accounts/listing.py)."""

from dataclasses import dataclass
from types import MappingProxyType

import django_filters
import django_filters.fields
from django import forms
from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import selectors, selectors_review_queue
from .listing import FilterForm, ListFilterSet
from .models import LicenseType, MedicalLicense
from .selectors_audit import (
    audited_kinds,
    entries_concerning_people,
    entries_from,
    entries_on_record,
    entries_until,
)


class ReviewQueueForm(FilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per view: the registered kinds, and the jurisdictions from the cache.
        self.fields["kind"].choices = list(selectors_review_queue.queue_kinds().items())
        self.fields["jurisdiction"].choices = [
            ("", "All jurisdictions"),
            *selectors.jurisdiction_choices(),
        ]


class ReviewQueueFilter(ListFilterSet):
    """Parses the review queue's filters; `selectors_review_queue.review_queue` takes the
    cleaned values (the queue merges several tables, so it has no single queryset to narrow)."""

    kind = django_filters.ChoiceFilter(label="Item", empty_label="All items")
    license_type = django_filters.ChoiceFilter(
        label="License type", choices=LicenseType.choices, empty_label="All license types"
    )
    jurisdiction = django_filters.TypedChoiceFilter(
        label="Jurisdiction", coerce=int, empty_value=None
    )

    class Meta(ListFilterSet.Meta):
        model = MedicalLicense
        fields = []
        form = ReviewQueueForm

    @property
    def qs(self):
        raise NotImplementedError("The review queue pages itself: see selectors_review_queue.")


@dataclass(frozen=True)
class FilterBar:
    """A list's filters parsed, and their form as `_filters.html` writes it."""

    values: MappingProxyType | None  # the cleaned values; None while a value is invalid
    html: str


# Filter bars kept by this process; a handful in practice (the queries admins use), bounded
# because the queries come from the request.
_review_queue_bars: dict[tuple, FilterBar] = {}
BARS_KEPT = 256


def review_queue_filters(request) -> FilterBar:
    """The review queue's filters, parsed and written once per choice set and query in this
    process: building the form (a select of every jurisdiction) and writing it cost ~2 ms a
    view, a fifth of the page. Both depend only on the jurisdictions on offer (read from the
    cache on every view, so that a change is offered at once), the filters asked for, whether
    the query has anything to clear, and the language."""
    asked = tuple(
        (name, tuple(request.GET.getlist(name))) for name in ReviewQueueFilter.base_filters
    )
    key = (tuple(selectors.jurisdiction_choices()), asked, bool(request.GET), get_language())
    bar = _review_queue_bars.get(key)
    if bar is None:
        filterset = ReviewQueueFilter(request.GET)
        valid = filterset.is_valid()
        html = render_to_string(
            "_filters.html",
            {"filterset": filterset, "filter_label": "Filter the queue", "request": request},
        )
        if len(_review_queue_bars) >= BARS_KEPT:
            _review_queue_bars.clear()
        bar = _review_queue_bars[key] = FilterBar(
            MappingProxyType(dict(filterset.form.cleaned_data)) if valid else None, html
        )
    return bar


class PeopleFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label="Name or e-mail",
        max_length=100,
        method="matching",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def matching(self, people, name, value):
        return selectors.people_matching(people, value)


class KindChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class KindFilter(django_filters.ModelChoiceFilter):
    field_class = KindChoiceField


class AuditFilterForm(FilterForm):
    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data


class AuditFilter(ListFilterSet):
    person = django_filters.CharFilter(
        label="Person",
        max_length=254,
        method="concerning",
        help_text="E-mail address, or part of a name: entries they made or that concern them.",
    )
    kind = KindFilter(
        label="Record", queryset=audited_kinds(), empty_label="Any record", method="on_record"
    )
    # Set by the links of a record's page ("its history"); applies with `kind` only.
    object_id = django_filters.CharFilter(
        max_length=64, widget=forms.HiddenInput, method="on_record"
    )
    action = django_filters.CharFilter(
        label="Action",
        max_length=64,
        lookup_expr="startswith",
        help_text='For example "license.verified", or "license." for every license action.',
    )
    date_from = django_filters.DateFilter(
        label="From", method="from_day", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="To", method="until_day", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta(ListFilterSet.Meta):
        form = AuditFilterForm

    def concerning(self, entries, name, value):
        return entries_concerning_people(entries, value)

    def on_record(self, entries, name, value):
        if name == "object_id":  # read together with the kind, below
            return entries
        object_id = self.form.cleaned_data.get("object_id") or ""
        return entries_on_record(entries, value, object_id)

    def from_day(self, entries, name, value):
        return entries_from(entries, value)

    def until_day(self, entries, name, value):
        return entries_until(entries, value)
