"""The audit trail page and its CSV export, for program admins."""

import csv
import json
from datetime import UTC
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..access import role_required
from ..roles import Role
from ..selectors_audit import AuditFilters, audit_entries, audited_kinds
from ..spreadsheets import csv_cell


class KindChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        required=False,
        max_length=254,
        label="Person",
        help_text="E-mail address, or part of a name: entries they made or that concern them.",
    )
    kind = KindChoiceField(
        queryset=audited_kinds(), required=False, label="Record", empty_label="Any record"
    )
    object_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    action = forms.CharField(
        required=False,
        max_length=64,
        label="Action",
        help_text='For example "license.verified", or "license." for every license action.',
    )
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data

    def filters(self) -> AuditFilters | None:
        if not self.is_valid():
            # An invalid filter shows its error over an empty list, never everything.
            return None
        data = self.cleaned_data
        return AuditFilters(
            person=data["person"].strip(),
            kind=data["kind"],
            object_id=data["object_id"].strip(),
            action=data["action"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )

    def query(self) -> str:
        if not self.is_valid():
            return ""
        values = {name: self.data.get(name, "") for name in self.fields}
        return urlencode({name: value for name, value in values.items() if value})


@role_required(Role.PROGRAM_ADMIN)
def audit_trail(request):
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    entries = audit_entries(filters) if filters else audit_entries(AuditFilters()).none()
    page = Paginator(entries, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = form.query()
    return render(
        request,
        "accounts/audit_trail.html",
        {"form": form, "page": page, "query": query, "valid": filters is not None},
    )


CSV_COLUMNS = [
    "at (UTC)",
    "actor e-mail",
    "actor name",
    "action",
    "record kind",
    "record id",
    "record",
    "person concerned",
    "from",
    "to",
    "reason",
    "details",
]


class _Echo:
    def write(self, value):
        return value


def _csv_rows(entries):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    # iterator(): the export of a large filtered set streams instead of loading at once.
    for entry in entries.iterator(chunk_size=2000):
        row = [
            entry.at.astimezone(UTC).isoformat(timespec="seconds"),
            entry.actor.email if entry.actor else "system",
            entry.actor.full_legal_name if entry.actor else "",
            entry.action,
            entry.target_type.model,
            entry.target_id,
            entry.target_repr,
            entry.subject.email if entry.subject else "",
            entry.from_state,
            entry.to_state,
            entry.reason,
            json.dumps(entry.data, sort_keys=True) if entry.data else "",
        ]
        yield writer.writerow([csv_cell(cell) for cell in row])


@role_required(Role.PROGRAM_ADMIN)
def audit_trail_csv(request):
    form = AuditFilterForm(request.GET)
    filters = form.filters() or AuditFilters()
    entries = audit_entries(filters) if form.is_valid() else audit_entries(filters).none()
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response
