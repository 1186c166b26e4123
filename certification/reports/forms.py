"""The reports' parameters, each parsed by a form: dates, program, jurisdiction, status, file
format. A bad value is an error on the form over an empty report, never a server error."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from accounts.models import Jurisdiction
from programs.models import TrainingProgram

from ..models_reports import ReportExport
from .ce_roster import RosterFilters
from .monthly import MAX_MONTHS
from .registry import REGISTRY_STATUSES, RegistryFilters

EARLIEST = date(2000, 1, 1)
MAX_ROSTER_YEARS = 10


def _with_defaults(form, defaults: dict, data) -> dict:
    """The query's values over the defaults: a missing parameter (the first visit, a bare
    ?page=2) takes its default; a given one, even empty, is parsed and may be refused."""
    values = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in defaults.items()
    }
    if data:
        values.update({name: data.get(name) for name in form.base_fields if name in data})
    return values


def _date_input(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


class _ReportForm(forms.Form):
    program = forms.ModelChoiceField(
        label="Program",
        required=False,
        queryset=TrainingProgram.objects.order_by("name"),
        empty_label="All programs",
    )
    jurisdiction = forms.ModelChoiceField(
        label="Jurisdiction",
        required=False,
        queryset=Jurisdiction.objects.order_by("name"),
        empty_label="All jurisdictions",
        help_text="Holders licensed there.",
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(_with_defaults(self, self.defaults(), data), **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def defaults(self) -> dict:
        return {}

    def _check_day(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not (EARLIEST <= day <= timezone.localdate()):
            raise forms.ValidationError(
                f"Choose a date between {EARLIEST:%-d %B %Y} and today.", code="out_of_range"
            )
        return day


class RegistryForm(_ReportForm):
    as_of = forms.DateField(label="As of", widget=_date_input(), input_formats=["%Y-%m-%d"])
    status = forms.ChoiceField(
        label="Status on that date",
        required=False,
        choices=[("", "Any status"), *REGISTRY_STATUSES],
    )
    field_order = ["as_of", "program", "jurisdiction", "status"]

    def defaults(self) -> dict:
        return {"as_of": timezone.localdate()}

    def clean_as_of(self):
        return self._check_day("as_of")

    def filters(self) -> RegistryFilters | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return RegistryFilters(data["as_of"], data["program"], data["jurisdiction"], data["status"])


class RosterForm(_ReportForm):
    date_from = forms.DateField(label="From", widget=_date_input(), input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(label="To", widget=_date_input(), input_formats=["%Y-%m-%d"])
    field_order = ["date_from", "date_to", "program", "jurisdiction"]

    def defaults(self) -> dict:
        today = timezone.localdate()
        return {"date_from": today.replace(month=1, day=1), "date_to": today}

    def clean_date_from(self):
        return self._check_day("date_from")

    def clean_date_to(self):
        return self._check_day("date_to")

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last:
            if first > last:
                raise forms.ValidationError("The start date is after the end date.")
            if last > first + relativedelta(years=MAX_ROSTER_YEARS):
                raise forms.ValidationError(f"Choose a period of at most {MAX_ROSTER_YEARS} years.")
        return data

    def filters(self) -> RosterFilters | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return RosterFilters(
            data["date_from"], data["date_to"], data["program"], data["jurisdiction"]
        )


class MonthlyForm(forms.Form):
    first = forms.DateField(
        label="From month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control"}, format="%Y-%m"),
    )
    last = forms.DateField(
        label="To month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control"}, format="%Y-%m"),
    )

    def __init__(self, data=None, **kwargs):
        this_month = timezone.localdate().replace(day=1)
        first = this_month - relativedelta(months=11)
        defaults = {"first": f"{first:%Y-%m}", "last": f"{this_month:%Y-%m}"}
        super().__init__(_with_defaults(self, defaults, data), **kwargs)

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        this_month = timezone.localdate().replace(day=1)
        if first and last:
            if first < EARLIEST or last > this_month:
                raise forms.ValidationError(
                    f"Choose months between {EARLIEST:%B %Y} and this month."
                )
            if first > last:
                raise forms.ValidationError("The first month is after the last one.")
            if first + relativedelta(months=MAX_MONTHS - 1) < last:
                raise forms.ValidationError(f"Choose at most {MAX_MONTHS} months.")
        return data

    def months(self) -> tuple[date, date] | None:
        if not self.is_valid():
            return None
        return self.cleaned_data["first"], self.cleaned_data["last"]


class FormatForm(forms.Form):
    """The file format of a download, parsed like every other parameter."""

    format = forms.ChoiceField(choices=ReportExport.Format.choices)
