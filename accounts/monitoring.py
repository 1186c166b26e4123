"""The monitoring import: a board's disciplinary-action or license-status CSV, reviewed row by row.

Uploading parses the file and lists the rows that name a license we verified and would change
its standing (reported suspended or revoked while verified; reported active while suspended).
Nothing changes then: each match waits for an admin to apply it (through accounts/discipline.py,
so the same checks, audit entry and e-mail as a manual action) or dismiss it; both are audited.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import audit, discipline
from .access import has_role
from .errors import DomainError
from .models import (
    Jurisdiction,
    MedicalLicense,
    MonitoringImport,
    MonitoringMatch,
    ReviewStatus,
    User,
)
from .roles import Role

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
COLUMNS = ("license_number", "jurisdiction", "status", "action_date")
# Boards word statuses differently; these are the words we read, anything else is a line error.
STATUS_WORDS = {
    "suspended": MonitoringMatch.Reported.SUSPENDED,
    "suspension": MonitoringMatch.Reported.SUSPENDED,
    "revoked": MonitoringMatch.Reported.REVOKED,
    "revocation": MonitoringMatch.Reported.REVOKED,
    "surrendered": MonitoringMatch.Reported.REVOKED,
    "active": MonitoringMatch.Reported.ACTIVE,
    "reinstated": MonitoringMatch.Reported.ACTIVE,
    "clear": MonitoringMatch.Reported.ACTIVE,
}
# Which reported status changes a license in which status (the others are no news).
CHANGES = {
    MonitoringMatch.Reported.SUSPENDED: (ReviewStatus.VERIFIED, ReviewStatus.EXPIRED),
    MonitoringMatch.Reported.REVOKED: (
        ReviewStatus.VERIFIED,
        ReviewStatus.EXPIRED,
        ReviewStatus.SUSPENDED,
    ),
    MonitoringMatch.Reported.ACTIVE: (ReviewStatus.SUSPENDED,),
}


@dataclass
class ParsedRow:
    line: int
    number: str
    jurisdiction: Jurisdiction
    reported: str
    action_date: date


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse(content: bytes) -> Parsed:
    """Rows and per-line errors of a CSV; a file-level problem is a single error."""
    result = Parsed()
    if len(content) > MAX_BYTES:
        result.errors.append("The file is larger than 2 MB; split it.")
        return result
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("The file is not UTF-8 text; save it as CSV (UTF-8).")
        return result
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as error:
        result.errors.append(f"Line 1: {error}.")
        return result
    if tuple(header) != COLUMNS:
        result.errors.append(f"Line 1: the header must be exactly {', '.join(COLUMNS)}.")
        return result
    jurisdictions = {j.code.upper(): j for j in Jurisdiction.objects.all()}
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if line > MAX_ROWS + 1:
                result.errors.append(f"Only the first {MAX_ROWS} rows are read; split the file.")
                break
            if len(values) != len(COLUMNS):
                result.errors.append(f"Line {line}: expected {len(COLUMNS)} columns.")
                continue
            number, code, status, when = (v.strip() for v in values)
            problems = []
            normalized = MedicalLicense.normalize_number(number)
            if not normalized:
                problems.append("no license number")
            jurisdiction = jurisdictions.get(code.upper())
            if jurisdiction is None:
                problems.append(f"unknown jurisdiction “{code[:20]}”")
            reported = STATUS_WORDS.get(status.lower())
            if reported is None:
                problems.append(f"unknown status “{status[:20]}”")
            try:
                action_date = date.fromisoformat(when)
            except ValueError:
                action_date = None
                problems.append("the date must read YYYY-MM-DD")
            if action_date and action_date > timezone.localdate():
                problems.append("the date is in the future")
            if problems:
                result.errors.append(f"Line {line}: {'; '.join(problems)}.")
                continue
            result.rows.append(ParsedRow(line, normalized, jurisdiction, reported, action_date))
    except csv.Error as error:
        result.errors.append(f"Line {reader.line_num}: {error}.")
    return result


def _require_admin(actor: User) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can review monitoring files.")


@transaction.atomic
def record_import(*, rows: list[ParsedRow], file_name: str, source: str, actor: User):
    """Store the import and its matches for review; no license changes here."""
    _require_admin(actor)
    monitoring_import = MonitoringImport.objects.create(
        file_name=file_name[:200], source=source, uploaded_by=actor, row_count=len(rows)
    )
    wanted = Q(pk__in=[])
    for row in rows:
        wanted |= Q(jurisdiction=row.jurisdiction, number_normalized=row.number)
    licenses: dict[tuple, list[MedicalLicense]] = {}
    if rows:
        for lic in MedicalLicense.objects.filter(wanted).filter(
            status__in=set(s for allowed in CHANGES.values() for s in allowed)
        ):
            licenses.setdefault((lic.jurisdiction_id, lic.number_normalized), []).append(lic)
    matches = [
        MonitoringMatch(
            monitoring_import=monitoring_import,
            line_number=row.line,
            license=lic,
            reported_status=row.reported,
            action_date=row.action_date,
        )
        for row in rows
        for lic in licenses.get((row.jurisdiction.pk, row.number), [])
        if lic.status in CHANGES[row.reported]
    ]
    MonitoringMatch.objects.bulk_create(matches)
    audit.record(
        actor=actor,
        action="monitoring.imported",
        target=monitoring_import,
        reason=source,
        data={"rows": len(rows), "matches": len(matches)},
    )
    return monitoring_import


APPLY = {
    MonitoringMatch.Reported.SUSPENDED: discipline.suspend_license,
    MonitoringMatch.Reported.REVOKED: discipline.revoke_license,
    MonitoringMatch.Reported.ACTIVE: discipline.lift_suspension,
}


@transaction.atomic
def decide_match(*, match: MonitoringMatch, actor: User, apply: bool, note: str = "") -> None:
    """Apply the reported status to the license (a disciplinary action) or dismiss the row."""
    _require_admin(actor)
    current = (
        MonitoringMatch.objects.select_for_update()
        .select_related("monitoring_import", "license")
        .get(pk=match.pk)
    )
    if current.decision != MonitoringMatch.Decision.PENDING:
        raise DomainError("This row was already decided; nothing was changed.")
    upload = current.monitoring_import
    source = f"{upload.source} (file {upload.file_name}, line {current.line_number})"
    if apply:
        APPLY[current.reported_status](
            license=current.license,
            actor=actor,
            reason=note.strip()
            or f"Reported {current.get_reported_status_display().lower()} by the licensing board.",
            source=source[:200],
            action_date=current.action_date,
            data={"monitoring_match": current.pk},
        )
    current.decision = (
        MonitoringMatch.Decision.APPLIED if apply else MonitoringMatch.Decision.DISMISSED
    )
    current.decided_by, current.decided_at, current.note = actor, timezone.now(), note.strip()
    current.save(update_fields=["decision", "decided_by", "decided_at", "note"])
    audit.record(
        actor=actor,
        action=f"monitoring.{current.decision}",
        target=current.license,
        from_state=MonitoringMatch.Decision.PENDING,
        to_state=current.decision,
        reason=note.strip(),
        data={"monitoring_match": current.pk, "reported": current.reported_status},
    )
