""" "Download my data": one zip with a JSON of the person's records and their documents.

It composes every app's records, so it lives in the top layer. Built in memory: documents are
capped at 10 MB each at upload and a person holds a handful (a license or two, a few
credentials, their certificates), so the zip stays small enough to answer in the request; a
task and a mailed link would only add a place where personal data lies around.
"""

import io
import json
import zipfile
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

from accounts import audit
from accounts.models import (
    ApplicantProfile,
    AuditEntry,
    MedicalLicense,
    SupportingCredential,
    User,
)
from exams.models import Attempt, PracticalSitting
from programs.models import Enrollment, HandsOnSession, ModuleCompletion

from .models import Certificate

# Internal bookkeeping that says nothing about the person (and tokens that must stay secret).
_SKIPPED = {"number_normalized", "claim_token", "claimed_at", "attempts", "last_error", "snapshot"}


def _fields(obj: models.Model, *, names: dict[str, str] | None = None) -> dict:
    """The record's own fields; a relation appears as the name of what it points at (only the
    relations named in `names`, which the query fetched with select_related)."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SKIPPED or isinstance(field, models.FileField):
            continue
        if field.is_relation:
            if names and field.name in names:
                related = getattr(obj, field.name)
                row[names[field.name]] = str(related) if related is not None else None
            continue
        row[field.name] = getattr(obj, field.attname)
    return row


def _document_path(kind: str, item) -> str:
    name = get_valid_filename(item.document_name or "document") or "document"
    return f"documents/{kind}-{item.pk}-{name}"


def _records(person: User, files: list[tuple[str, object]]) -> dict:
    profile = ApplicantProfile.objects.filter(user=person).first()
    licenses = []
    for item in MedicalLicense.objects.filter(applicant=person).select_related("jurisdiction"):
        row = _fields(item, names={"jurisdiction": "jurisdiction"})
        if item.document:
            row["document"] = _document_path("license", item)
            files.append((row["document"], item.document))
        licenses.append(row)
    credentials = []
    for item in SupportingCredential.objects.filter(applicant=person).select_related(
        "certification_type"
    ):
        row = _fields(item, names={"certification_type": "certification_type"})
        if item.document:
            row["document"] = _document_path("credential", item)
            files.append((row["document"], item.document))
        credentials.append(row)
    sessions = []
    for session in (
        HandsOnSession.objects.filter(enrollment__applicant=person)
        .select_related("supervisor", "enrollment__cohort")
        .prefetch_related("areas__area")
        .order_by("performed_on", "id")
    ):
        row = _fields(session, names={"supervisor": "supervisor", "enrollment": "cohort"})
        row["areas"] = [{"area": a.area.name, "units": a.units} for a in session.areas.all()]
        sessions.append(row)
    certificates = []
    for certificate in Certificate.objects.filter(holder=person).select_related("program"):
        row = _fields(certificate, names={"program": "program"})
        if certificate.pdf:
            row["pdf"] = (
                f"certificates/{get_valid_filename(certificate.number or str(certificate.pk))}.pdf"
            )
            files.append((row["pdf"], certificate.pdf))
        certificates.append(row)
    history = AuditEntry.objects.filter(Q(actor=person) | Q(subject=person)).order_by("at", "id")
    return {
        "person": {
            "email": person.email,
            "full_legal_name": person.full_legal_name,
            "date_joined": person.date_joined,
            "last_login": person.last_login,
        },
        "profile": _fields(profile) if profile else None,
        "medical_licenses": licenses,
        "supporting_credentials": credentials,
        "enrollments": [
            _fields(e, names={"cohort": "cohort", "program": "program"})
            for e in Enrollment.objects.filter(applicant=person).select_related(
                "cohort__program", "program"
            )
        ],
        "theory_modules": [
            _fields(c, names={"module": "module", "recorded_by": "recorded_by"})
            for c in ModuleCompletion.objects.filter(enrollment__applicant=person).select_related(
                "module", "recorded_by"
            )
        ],
        "hands_on_sessions": sessions,
        "written_exam_attempts": [
            _fields(a, names={"exam": "exam"})
            for a in Attempt.objects.filter(candidate=person).select_related("exam")
        ],
        "practical_exam_sittings": [
            _fields(s, names={"program": "program"})
            for s in PracticalSitting.objects.filter(candidate=person).select_related("program")
        ],
        "certificates": certificates,
        # What happened to their records; who acted is said by role, not by a colleague's name.
        "history": [
            {
                "at": entry.at,
                "by": "you"
                if entry.actor_id == person.pk
                else ("the system" if entry.actor_id is None else "program staff"),
                "action": entry.action,
                "record": entry.target_repr,
                "from": entry.from_state,
                "to": entry.to_state,
                "reason": entry.reason,
            }
            for entry in history
        ],
    }


def personal_data_zip(person: User, *, now: datetime | None = None) -> bytes:
    files: list[tuple[str, object]] = []
    data = {"exported_at": now or timezone.now(), **_records(person, files)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
        for path, field_file in files:
            try:
                with field_file.open("rb") as handle:
                    archive.writestr(path, handle.read())
            except FileNotFoundError:
                # Listed in the JSON; a file lost from storage must not block the rest.
                archive.writestr(f"{path}.missing.txt", "This file could not be read.\n")
    return buffer.getvalue()


@transaction.atomic
def export_personal_data(*, person: User) -> bytes:
    """The person's zip, with an audit entry saying they took a copy of their data."""
    content = personal_data_zip(person)
    audit.record(actor=person, action="data.exported", target=person, data={"bytes": len(content)})
    return content
