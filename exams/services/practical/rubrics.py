"""Rubrics and their versions, and the cut score (by hand or by borderline regression)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts import audit
from accounts.errors import DomainError
from accounts.models import User
from programs.models import TrainingProgram

from ...models.practical import (
    Rubric,
    RubricCriterion,
    RubricVersion,
    percent,
)
from ...selectors.practical_reports import borderline_regression
from ._common import _require_admin


@dataclass
class CriterionData:
    """One criterion as an admin enters it (the form's cleaned data)."""

    section: str
    text: str
    weight: Decimal
    scale_min: int = 0
    scale_max: int = 4
    anchors: list[str] | None = None
    is_critical: bool = False
    critical_pass_level: int | None = None


def _check_criteria(criteria: list[CriterionData]) -> None:
    if not criteria:
        raise DomainError("A rubric needs at least one criterion.")
    for number, item in enumerate(criteria, start=1):
        name = f"Criterion {number} ({item.text[:40]})"
        if item.scale_max <= item.scale_min:
            raise DomainError(f"{name}: the top of the scale must be above the bottom.")
        if item.weight is None or item.weight <= 0:
            raise DomainError(f"{name}: the weight must be positive.")
        levels = item.scale_max - item.scale_min + 1
        if item.anchors and len(item.anchors) != levels:
            raise DomainError(f"{name}: give one anchor description per level ({levels}), or none.")
        if item.is_critical and (
            item.critical_pass_level is None
            or not item.scale_min <= item.critical_pass_level <= item.scale_max
        ):
            raise DomainError(
                f"{name}: a critical item needs a pass level on its scale "
                f"({item.scale_min}-{item.scale_max})."
            )


def _write_criteria(version: RubricVersion, criteria: list[CriterionData]) -> None:
    RubricCriterion.objects.bulk_create(
        RubricCriterion(
            version=version,
            position=position,
            section=item.section,
            text=item.text.strip(),
            weight=item.weight,
            scale_min=item.scale_min,
            scale_max=item.scale_max,
            anchors=list(item.anchors or []),
            is_critical=item.is_critical,
            critical_pass_level=item.critical_pass_level if item.is_critical else None,
        )
        for position, item in enumerate(criteria, start=1)
    )


@transaction.atomic
def create_rubric(
    *, program: TrainingProgram, name: str, criteria: list[CriterionData], actor: User
) -> Rubric:
    _require_admin(actor, "create rubrics")
    _check_criteria(criteria)
    rubric = Rubric.objects.create(program=program, name=name.strip(), created_by=actor)
    version = RubricVersion.objects.create(
        rubric=rubric, number=1, created_by=actor, change_note="first version"
    )
    _write_criteria(version, criteria)
    audit.record(actor=actor, action="rubric.created", target=rubric, to_state="v1")
    return rubric


@transaction.atomic
def revise_rubric(
    *, rubric: Rubric, criteria: list[CriterionData], actor: User, note: str = ""
) -> RubricVersion:
    """New criteria for the rubric. The current version is edited in place only while no
    sitting uses it; otherwise the criteria become the next version and sittings keep theirs."""
    _require_admin(actor, "edit rubrics")
    _check_criteria(criteria)
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    current = rubric.versions.order_by("-number").first()
    if current is not None and not current.sittings.exists():
        RubricCriterion.objects.filter(version=current).delete()
        current.change_note = note or current.change_note
        current.save(update_fields=["change_note"])
        _write_criteria(current, criteria)
        audit.record(
            actor=actor,
            action="rubric.edited",
            target=rubric,
            from_state=f"v{current.number}",
            to_state=f"v{current.number}",
            reason=note,
        )
        return current
    number = current.number + 1 if current else 1
    version = RubricVersion.objects.create(
        rubric=rubric, number=number, created_by=actor, change_note=note
    )
    _write_criteria(version, criteria)
    audit.record(
        actor=actor,
        action="rubric.versioned",
        target=rubric,
        from_state=f"v{current.number}" if current else "",
        to_state=f"v{number}",
        reason=note,
    )
    return version


@transaction.atomic
def set_cut_score(
    *,
    rubric: Rubric,
    cut_score: Decimal,
    actor: User,
    reason: str = "",
    disagreement_threshold: Decimal | None = None,
) -> Rubric:
    """A hand-set cut (and, optionally, the disagreement threshold)."""
    _require_admin(actor, "set the cut score")
    if not Decimal(0) <= cut_score <= Decimal(100):
        raise DomainError("The cut score is a percentage: between 0 and 100.")
    if disagreement_threshold is not None and disagreement_threshold < 0:
        raise DomainError("The disagreement threshold cannot be negative.")
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    before = f"{rubric.cut_score} ({rubric.cut_source})"
    rubric.cut_score = percent(cut_score)
    rubric.cut_source = Rubric.CutSource.MANUAL
    fields = ["cut_score", "cut_source"]
    if disagreement_threshold is not None:
        rubric.disagreement_threshold = percent(disagreement_threshold)
        fields.append("disagreement_threshold")
    rubric.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="rubric.cut_set",
        target=rubric,
        from_state=before,
        to_state=f"{rubric.cut_score} (manual)",
        reason=reason,
        data={"disagreement_threshold": str(rubric.disagreement_threshold)},
    )
    return rubric


@transaction.atomic
def apply_regression_cut(*, rubric: Rubric, actor: User) -> Rubric:
    """Set the cut to the borderline regression's prediction, recomputed now from the
    submitted forms; its inputs go into the audit entry."""
    _require_admin(actor, "set the cut score")
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    regression = borderline_regression(rubric)
    if regression.cut is None:
        raise DomainError(f"No cut can be computed yet: {regression.why_not}")
    before = f"{rubric.cut_score} ({rubric.cut_source})"
    rubric.cut_score = regression.cut
    rubric.cut_source = Rubric.CutSource.REGRESSION
    rubric.save(update_fields=["cut_score", "cut_source"])
    audit.record(
        actor=actor,
        action="rubric.cut_set",
        target=rubric,
        from_state=before,
        to_state=f"{rubric.cut_score} (regression)",
        data={
            "slope": str(regression.slope),
            "intercept": str(regression.intercept),
            "n": regression.n,
        },
    )
    return rubric
