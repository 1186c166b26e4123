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
each only as far as the page needs (accounts/selectors.py `review_queue`). Its FilterSet parses
the same way; the view hands `filterset.form.cleaned_data` to that selector, which pages.
"""

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A select whose options are written here rather than by one template each: the review
    queue's filter renders ~66 options on every view (2.7 ms through the option templates).
    Flat choices only (no groups); values and labels are escaped by format_html."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


class FilterForm(forms.Form):
    """The form of every ListFilterSet: Bootstrap classes, cheap selects, invalid fields marked
    for assistive technology. Subclass it (as `Meta.form`) for checks across fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field.widget) is forms.Select:
                attrs = field.widget.attrs
                field.widget = PlainSelect(attrs=attrs)
                field.widget.choices = field.choices
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not field.widget.is_hidden:
                field.widget.attrs.setdefault("class", "form-control")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}-help"

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


def page_of(request, rows) -> Page:
    """The requested page of `rows`, settings.PAGE_SIZE to a page (a bad page number: the
    nearest page, as Paginator.get_page does)."""
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def filtered_page(request, filterset: django_filters.FilterSet) -> Page:
    """The requested page of the filtered list; an empty one while a filter value is invalid."""
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return page_of(request, rows)
