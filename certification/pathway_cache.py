"""The dashboard's read model: the applicant's pathway, kept in the cache while it holds.

`pathway_for` stays the one source of truth; this module only keeps its answer. An entry is used
when it was worked out under the applicant's current `pathway_version` (on the signed-in user's
row, read with the session: no query), the current catalogue version (one query) and, because the
pathway reads the date (licenses and certificates expire, accreditations end), on the same day
and before any moment the pathway said its answer changes (a resit's waiting period ending).
Otherwise the pathway is worked out again and stored.

The tokens are replaced in the transaction of every change to an input
(accounts/pathway_versions.py). The receivers below cover every save and delete of the tables
the pathway reads, whatever path made it; services that change an input by a queryset
`update()` replace the token themselves.
`PATHWAY_INPUTS` lists those tables, and a test checks that the pathway reads no other.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import pathway_versions
from accounts.models import (
    ApplicantProfile,
    CertificationType,
    Jurisdiction,
    JurisdictionRule,
    MedicalLicense,
    SupportingCredential,
)
from exams.models import Accommodation, Attempt, PracticalSitting, WrittenExam
from programs.models import (
    Cohort,
    Enrollment,
    HandsOnRequirements,
    HandsOnSession,
    ModuleCompletion,
    SessionArea,
    TheoryModule,
    TrainingProgram,
    TreatmentArea,
)

from .models import Certificate
from .pathway import pathway_for

# Each applicant's own records, with the condition on the user that finds their owner.
APPLICANT_INPUTS = {
    ApplicantProfile: lambda row: Q(pk=row.user_id),
    MedicalLicense: lambda row: Q(pk=row.applicant_id),
    SupportingCredential: lambda row: Q(pk=row.applicant_id),
    Enrollment: lambda row: Q(pk=row.applicant_id),
    ModuleCompletion: lambda row: Q(enrollments=row.enrollment_id),
    HandsOnSession: lambda row: Q(enrollments=row.enrollment_id),
    SessionArea: lambda row: Q(enrollments__hands_on_sessions=row.session_id),
    Accommodation: lambda row: Q(pk=row.candidate_id),
    Attempt: lambda row: Q(pk=row.candidate_id),
    PracticalSitting: lambda row: Q(pk=row.candidate_id),
    Certificate: lambda row: Q(pk=row.holder_id),
}
# What every applicant's pathway reads: programs and their setup, exams, jurisdiction rules.
CATALOGUE_INPUTS = (
    Jurisdiction,
    CertificationType,
    JurisdictionRule,
    JurisdictionRule.required_certifications.through,
    TrainingProgram,
    Cohort,
    TheoryModule,
    HandsOnRequirements,
    TreatmentArea,
    WrittenExam,
)
# The tables whose rows the pathway reads (the users' own row aside: its names are read by the
# page itself, never from this cache).
PATHWAY_INPUTS = {model._meta.db_table for model in [*APPLICANT_INPUTS, *CATALOGUE_INPUTS]}

# A day at most: the date is part of the answer anyway; the timeout only lets the cache forget.
ENTRY_SECONDS = 24 * 60 * 60


# Part of the key: entries of an older shape (before `html`) are never read after a deploy.
ENTRY_SHAPE = 2


def cache_key(user_pk) -> str:
    return f"certification:pathway:{ENTRY_SHAPE}:{user_pk}"


@dataclass
class Entry:
    pathway_version: int
    catalogue_version: int
    valid_until: datetime
    steps: list
    # the steps as the dashboard shows them: rendered once per entry, since rendering them was
    # half of the page's cost (issue 17); the template may depend on nothing but the steps
    html: str  # a SafeString, as render_to_string returns it


def _valid_until(steps, now: datetime) -> datetime:
    """The next local midnight, or sooner when the pathway said when its answer changes."""
    local = timezone.localtime(now)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [step.changes_at for step in steps if step.changes_at and step.changes_at > now]
    return min([midnight, *moments])


def _render(steps) -> str:
    returned = [need for step in steps for need in step.returned]
    return render_to_string(
        "certification/_pathway_steps.html", {"steps": steps, "returned": returned}
    )


def dashboard_pathway(user) -> Entry:
    """The five steps of `pathway_for(user)` and their markup, from the cache while nothing they
    rest on changed.

    Only for showing them to the signed-in user: `user` must be the row loaded for this request
    (its `pathway_version` is the check). Decisions (issuing a certificate) call `pathway_for`.
    """
    now = timezone.now()
    catalogue = pathway_versions.catalogue_version()
    key = cache_key(user.pk)
    entry = cache.get(key)
    if (
        isinstance(entry, Entry)
        and entry.pathway_version == user.pathway_version
        and entry.catalogue_version == catalogue
        and now < entry.valid_until
    ):
        return entry
    steps = pathway_for(user)
    entry = Entry(user.pathway_version, catalogue, _valid_until(steps, now), steps, _render(steps))
    cache.set(key, entry, ENTRY_SECONDS)
    return entry


# --- keeping the tokens honest -------------------------------------------------------------------


def _applicant_row_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata: no pathway reads a fixture half loaded
        return
    pathway_versions.applicants_changed(where=APPLICANT_INPUTS[sender](instance))


def _catalogue_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    is_m2m = sender is JurisdictionRule.required_certifications.through
    if is_m2m and kwargs.get("action") not in {"post_add", "post_remove", "post_clear"}:
        return
    pathway_versions.catalogue_changed()


def connect() -> None:
    for model in APPLICANT_INPUTS:
        for signal in (post_save, post_delete):
            signal.connect(_applicant_row_changed, sender=model, dispatch_uid=f"pathway-{model}")
    for model in CATALOGUE_INPUTS:
        if model is JurisdictionRule.required_certifications.through:
            m2m_changed.connect(_catalogue_changed, sender=model, dispatch_uid="pathway-m2m")
            continue
        for signal in (post_save, post_delete):
            signal.connect(_catalogue_changed, sender=model, dispatch_uid=f"pathway-{model}")
