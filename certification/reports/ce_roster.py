"""The CE roster of a period: each holder's continuing-education hours by category.

The hours are those of the CE items holders reported in their renewals (models_renewal.CEItem),
completed inside [from, to]. Only renewals put to review count (submitted, returned to complete,
approved): a draft is not yet a claim, and a refused renewal's evidence was not accepted."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from accounts.models import Jurisdiction, MedicalLicense
from programs.models import CECategory, TrainingProgram

from ..models_renewal import CEItem, Renewal
from .registry import ONCE_VERIFIED

COUNTED_RENEWALS = (Renewal.Status.SUBMITTED, Renewal.Status.RETURNED, Renewal.Status.APPROVED)
CATEGORIES = list(CECategory)


@dataclass(frozen=True)
class RosterFilters:
    date_from: date
    date_to: date
    program: TrainingProgram | None = None
    jurisdiction: Jurisdiction | None = None

    def as_parameters(self) -> dict:
        return {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "program": self.program.pk if self.program else None,
            "jurisdiction": self.jurisdiction.pk if self.jurisdiction else None,
        }

    @classmethod
    def from_parameters(cls, parameters: dict) -> "RosterFilters":
        program, jurisdiction = parameters.get("program"), parameters.get("jurisdiction")
        return cls(
            date_from=date.fromisoformat(parameters["date_from"]),
            date_to=date.fromisoformat(parameters["date_to"]),
            program=TrainingProgram.objects.get(pk=program) if program else None,
            jurisdiction=Jurisdiction.objects.get(pk=jurisdiction) if jurisdiction else None,
        )


def _hours_key(category: str) -> str:
    return f"hours_{category}"


def ce_roster(filters: RosterFilters) -> QuerySet:
    """One row (a dict) per holder: holder_id, name, email, hours_<category> for every
    category, total_hours and items. One GROUP BY query, ordered by name."""
    items = CEItem.objects.filter(
        completed_on__gte=filters.date_from,
        completed_on__lte=filters.date_to,
        renewal__status__in=COUNTED_RENEWALS,
    )
    if filters.program is not None:
        items = items.filter(renewal__certificate__program=filters.program)
    if filters.jurisdiction is not None:
        items = items.filter(
            Exists(
                MedicalLicense.objects.filter(
                    applicant=OuterRef("renewal__holder_id"),
                    jurisdiction=filters.jurisdiction,
                    status__in=ONCE_VERIFIED,
                )
            )
        )
    per_category = {
        _hours_key(category.value): Sum("hours", filter=Q(category=category.value))
        for category in CATEGORIES
    }
    return (
        items.values(
            "renewal__holder_id", "renewal__holder__full_legal_name", "renewal__holder__email"
        )
        .annotate(**per_category, total_hours=Sum("hours"), items=Count("pk"))
        .order_by("renewal__holder__full_legal_name", "renewal__holder_id")
    )


@dataclass
class RosterRow:
    holder_id: int
    name: str
    email: str
    hours: list[Decimal]  # in the order of CATEGORIES
    total: Decimal
    items: int


def roster_row(values: dict) -> RosterRow:
    return RosterRow(
        holder_id=values["renewal__holder_id"],
        name=values["renewal__holder__full_legal_name"],
        email=values["renewal__holder__email"],
        hours=[values[_hours_key(c.value)] or Decimal(0) for c in CATEGORIES],
        total=values["total_hours"] or Decimal(0),
        items=values["items"],
    )
