"""The audit trail page and its CSV export, for program admins."""

import csv
import json
from datetime import UTC

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..access import role_required
from ..filters import AuditFilter
from ..listing import filtered_page
from ..roles import Role
from ..selectors_audit import audit_entries
from ..spreadsheets import csv_cell


@role_required(Role.PROGRAM_ADMIN)
def audit_trail(request):
    filterset = AuditFilter(request.GET, queryset=audit_entries())
    page = filtered_page(request, filterset)
    return render(request, "accounts/audit_trail.html", {"filterset": filterset, "page": page})


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
    filterset = AuditFilter(request.GET, queryset=audit_entries())
    # The export holds exactly what the page lists: nothing while a filter is invalid.
    entries = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response
