"""The admins' pipeline: how many trainees stand at each step, and who.

Computing the pathway of every trainee on each page view would cost a few dozen queries per
trainee. Instead each enrollment keeps the step the pathway last found (`pathway_step`), refreshed
whenever a step completes (the step-completed call) and by a nightly job that also catches steps
lost since (an expired license, an expired certificate). The page then reads it with a GROUP BY.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet

from programs.models import Enrollment
from programs.services import refresh_hands_on_met

from .pathway import STEP_TEXTS, StepState, pathway_for

CERTIFIED = len(STEP_TEXTS) + 1
PIPELINE_STATUSES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)


def step_reached(applicant, program) -> int:
    """The first step that is not complete (1-5), or CERTIFIED."""
    for step in pathway_for(applicant, program):
        if step.state != StepState.COMPLETE:
            return step.number
    return CERTIFIED


def refresh_pathway_step(*, applicant, program=None) -> None:
    """Store where the applicant stands in `program` (every program they are in when None)."""
    enrollments = Enrollment.objects.filter(applicant=applicant, status__in=PIPELINE_STATUSES)
    if program is not None:
        enrollments = enrollments.filter(program=program)
    for enrollment in enrollments.select_related("program"):
        step = step_reached(applicant, enrollment.program)
        # A conditional update: only a changed step is written, and never over a newer value
        # from another process (the same computation gives the same answer).
        Enrollment.objects.filter(pk=enrollment.pk).exclude(pathway_step=step).update(
            pathway_step=step
        )


def refresh_all_pathway_steps() -> int:
    """The nightly pass over every running or completed enrollment; returns how many it read.

    It also re-checks each one's `hands_on_met_at` (the ready queue's read model) as a safety
    net behind the services that keep it: the same rule, a few queries more per trainee."""
    count = 0
    rows = (
        Enrollment.objects.filter(status__in=PIPELINE_STATUSES)
        .select_related("applicant", "program")
        .order_by("pk")
    )
    for enrollment in rows.iterator(chunk_size=500):
        if enrollment.status == Enrollment.Status.ENROLLED:  # the only ones the queue lists
            with transaction.atomic():
                refresh_hands_on_met(enrollment)
        refresh_pathway_step(applicant=enrollment.applicant, program=enrollment.program)
        count += 1
    return count


@dataclass
class StepCount:
    number: int
    title: str
    count: int


def pipeline_enrollments() -> QuerySet[Enrollment]:
    """Every enrollment in the pipeline (certification/filters.py `PipelineFilter` narrows it)."""
    return Enrollment.objects.filter(status__in=PIPELINE_STATUSES)


def step_counts(enrollments: QuerySet[Enrollment]) -> list[StepCount]:
    """How many trainees stand at each step, in one query."""
    counts = dict(
        enrollments.order_by()
        .values_list("pathway_step")
        .annotate(n=Count("id"))
        .values_list("pathway_step", "n")
    )
    titles = [title for title, _ in STEP_TEXTS] + ["Certified"]
    return [StepCount(n, titles[n - 1], counts.get(n, 0)) for n in range(1, CERTIFIED + 1)]


@dataclass
class FunnelStage:
    """One bar of the funnel: how many reached the step (stand at it or beyond), of all."""

    number: int
    title: str
    standing: int
    reached: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.reached / self.total) if self.total else 0

    @property
    def bar_x(self) -> float:
        # The bar is centred in a 100-wide box, so the stages narrow like a funnel.
        return (100 - self.percent) / 2


def funnel(counts: list[StepCount]) -> list[FunnelStage]:
    """The step counts as a funnel, read from the same GROUP BY (no further query)."""
    total = sum(step.count for step in counts)
    stages, reached = [], total
    for step in counts:
        stages.append(FunnelStage(step.number, step.title, step.count, reached, total))
        reached -= step.count
    return stages


def pipeline_rows(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return enrollments.select_related("applicant", "cohort", "program").order_by(
        "pathway_step", "applicant__full_legal_name", "pk"
    )
