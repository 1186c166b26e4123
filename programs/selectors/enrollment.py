"""Queries of enrollment pages."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import (
    Cohort,
    Enrollment,
    TrainingProgram,
)

# Enrollments that count for the pathway: an active seat, or a finished program.
COUNTING_STATUSES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)


def programs_with_open_cohorts() -> QuerySet[TrainingProgram]:
    """Every program with its cohorts that have not ended, each with its enrolled count."""
    cohorts = (
        Cohort.objects.filter(ends_on__gte=timezone.localdate())
        .annotate(enrolled=Count("enrollments", filter=Q(enrollments__status="enrolled")))
        .order_by("starts_on")
    )
    return TrainingProgram.objects.prefetch_related(
        Prefetch("cohorts", queryset=cohorts, to_attr="open_cohorts"), "modules"
    )


def enrollments_of(applicant) -> QuerySet[Enrollment]:
    return applicant.enrollments.select_related("cohort__program").order_by("-applied_at")


def current_enrollment(applicant, program: TrainingProgram | None = None) -> Enrollment | None:
    """The enrollment the pathway follows: the newest active or completed one (of `program`)."""
    # The program and its hands-on minimums come along: every step of the pathway reads them.
    enrollments = (
        enrollments_of(applicant)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("program__hands_on_requirements")
    )
    if program is not None:
        enrollments = enrollments.filter(program=program)
    return enrollments.first()


def applications_awaiting_approval() -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(status=Enrollment.Status.APPLIED)
        .select_related("applicant", "cohort__program")
        .order_by("applied_at", "id")
    )


def cohorts_taught_by(instructor) -> QuerySet[Cohort]:
    return (
        instructor.teaching_cohorts.select_related("program")
        .annotate(enrolled=Count("enrollments", filter=Q(enrollments__status="enrolled")))
        .order_by("starts_on")
    )
