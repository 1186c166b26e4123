"""The sitting's e-mails: the candidate and each examiner get one when the sitting is scheduled
(an examiner when assigned), moved or cancelled, each with an .ics calendar invitation.

One UID per sitting, and a SEQUENCE raised on every move or cancellation, so that a calendar
replaces the event it already holds instead of adding a second one (RFC 5546: METHOD:REQUEST
to add or update, METHOD:CANCEL to remove)."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from accounts.emails import queue_email, render_email
from accounts.models import User

from ...models.practical import PracticalSitting

SCHEDULED, MOVED, CANCELLED = "scheduled", "moved", "cancelled"


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        size = len(char.encode())
        if len(current) + size > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += char.encode()
    parts.append(current.decode())
    return "\r\n ".join(parts)


def calendar_invitation(sitting: PracticalSitting, *, kind: str, attendee: User) -> str:
    cancelled = kind == CANCELLED
    summary = f"Practical exam: {sitting.program} ({sitting.candidate.full_legal_name})"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Certification program manager//Practical exam//EN",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{sitting.calendar_uid}",
        f"SEQUENCE:{sitting.calendar_sequence}",
        f"DTSTAMP:{_ics_time(timezone.now())}",
        f"DTSTART:{_ics_time(sitting.starts_at)}",
        f"DTEND:{_ics_time(sitting.ends_at)}",
        f"SUMMARY:{_ics_text(summary)}",
        f"LOCATION:{_ics_text(sitting.place)}",
        f"ORGANIZER:mailto:{settings.DEFAULT_FROM_EMAIL}",
        f"ATTENDEE;CN={_ics_text(attendee.full_legal_name)}:mailto:{attendee.email}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _send(sitting: PracticalSitting, *, kind: str, person: User, role: str) -> None:
    subject, body = render_email(
        "practical_sitting",
        {
            "user": person,
            "sitting": sitting,
            "kind": kind,
            "role": role,
            "starts_at": timezone.localtime(sitting.starts_at),
            "ends_at": timezone.localtime(sitting.ends_at),
            "time_zone": timezone.get_current_timezone_name(),
            "site_url": settings.SITE_URL,
        },
    )
    method = "CANCEL" if kind == CANCELLED else "REQUEST"
    queue_email(
        to=person.email,
        subject=subject,
        body=body,
        attachments=[
            (
                "practical-exam.ics",
                calendar_invitation(sitting, kind=kind, attendee=person),
                f"text/calendar; method={method}",  # Django adds the charset
            )
        ],
    )


def notify_sitting(sitting: PracticalSitting, *, kind: str) -> None:
    """The candidate and every assigned examiner (queued on commit)."""
    _send(sitting, kind=kind, person=sitting.candidate, role="candidate")
    for assignment in sitting.assignments.select_related("examiner"):
        _send(sitting, kind=kind, person=assignment.examiner, role="examiner")


def notify_examiner(sitting: PracticalSitting, examiner: User, *, kind: str) -> None:
    _send(sitting, kind=kind, person=examiner, role="examiner")
