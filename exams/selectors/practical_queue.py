"""The admins' "ready for the practical exam" queue: enrolled trainees whose verified hands-on
sessions meet the program's minimums, with no sitting open or passed. The pathway asks nothing
more of the practical exam (certification/pathway.py: the written exam runs beside it).

The minimums are the ones `programs.selectors.hands_on_status` checks, computed here for every
enrollment at once, so the queue costs the same few queries however long it is."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from programs.models import (
    Enrollment,
    HandsOnSession,
    SessionArea,
    TrainingProgram,
    TreatmentArea,
)

from ..models.practical import PracticalReadiness, PracticalSitting
from .resits import ResitState, resit_state

Status = PracticalSitting.Status
VERIFIED = Q(hands_on_sessions__status=HandsOnSession.Status.VERIFIED)
PERFORMED = VERIFIED & Q(hands_on_sessions__trainee_role=HandsOnSession.Role.PERFORMED)


@dataclass
class ReadyCandidate:
    enrollment: Enrollment
    ready_since: datetime  # when they said so, else when their last session was verified
    declared_at: datetime | None
    resit: ResitState

    @property
    def candidate(self) -> User:
        return self.enrollment.applicant

    @property
    def program(self) -> TrainingProgram:
        return self.enrollment.program

    @property
    def next_attempt_at(self) -> datetime | None:
        """When the resit policy lets the sitting take place, if later than now."""
        at = self.resit.next_attempt_at
        return at if at and at > timezone.now() else None


def _short_area(enrollment_ref: str = "pk") -> Exists:
    """A treatment area of the enrollment's program whose performed minimum is not reached."""
    performed = (
        SessionArea.objects.filter(
            session__enrollment=OuterRef(OuterRef(enrollment_ref)),
            area=OuterRef("pk"),
            session__status=HandsOnSession.Status.VERIFIED,
            session__trainee_role=HandsOnSession.Role.PERFORMED,
        )
        .values("area")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Exists(
        TreatmentArea.objects.filter(program=OuterRef("program_id"), min_sessions_performed__gt=0)
        .annotate(done=Coalesce(Subquery(performed), 0))
        .filter(done__lt=F("min_sessions_performed"))
    )


def _ready_enrollments(program: TrainingProgram | None = None):
    """Enrolled, no sitting open or passed, and every hands-on minimum met, all in SQL: the
    minimums `programs.selectors.hands_on_status` checks, for every enrollment at once."""
    blocking = PracticalSitting.objects.filter(
        candidate=OuterRef("applicant_id"),
        program=OuterRef("program_id"),
        status__in=[*PracticalSitting.OPEN, Status.PASSED],
    )
    requirements = "program__hands_on_requirements__"
    enrollments = (
        Enrollment.objects.filter(status=Enrollment.Status.ENROLLED)
        .exclude(Exists(blocking))
        .exclude(_short_area())
        .annotate(
            verified=Count("hands_on_sessions", filter=VERIFIED, distinct=True),
            minutes=Coalesce(Sum("hands_on_sessions__duration_minutes", filter=VERIFIED), 0),
            skin_types=Count("hands_on_sessions__skin_type", filter=PERFORMED, distinct=True),
            goals=Count("hands_on_sessions__goal", filter=PERFORMED, distinct=True),
            last_verified_at=Max("hands_on_sessions__verified_at", filter=VERIFIED),
        )
        .filter(
            verified__gte=F(f"{requirements}min_verified_sessions"),
            skin_types__gte=F(f"{requirements}min_skin_types"),
            goals__gte=F(f"{requirements}min_treatment_goals"),
            # Hours to one decimal, half up, as hands_on_status shows them (the minimum has one
            # decimal): round(minutes / 60, 1) >= hours  <=>  10 * minutes + 30 >= 600 * hours.
            minutes__gte=F(f"{requirements}min_total_hours") * 60 - 3,
        )
    )
    if program is not None:
        enrollments = enrollments.filter(program=program)
    return enrollments


def _listed(enrollments) -> list[Enrollment]:
    return list(
        enrollments.select_related("applicant", "program__hands_on_requirements", "cohort__program")
    )


def ready_for_practical(program: TrainingProgram | None = None) -> list[ReadyCandidate]:
    """The queue, oldest first: at most four queries, whatever its length."""
    return _rows(_listed(_ready_enrollments(program)))


def _rows(ready: list[Enrollment]) -> list[ReadyCandidate]:
    """The enrollments that meet the minimums, less those the resit policy holds back."""
    if not ready:
        return []
    candidate_ids = {e.applicant_id for e in ready}
    declared = {
        (r.candidate_id, r.program_id): r.declared_at
        for r in PracticalReadiness.objects.filter(candidate_id__in=candidate_ids)
    }
    failures: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    for sitting in PracticalSitting.objects.filter(
        candidate_id__in=candidate_ids, status__in=[Status.FAILED, Status.NO_SHOW]
    ).only("candidate_id", "program_id", "status", "result_at", "ends_at"):
        failures[(sitting.candidate_id, sitting.program_id)].append(
            sitting.result_at
            if sitting.status == Status.FAILED and sitting.result_at
            else sitting.ends_at
        )
    # Only for those whose failures fill a round: the sessions that may have reopened it.
    exhausted = [
        e.pk
        for e in ready
        if len(failures[(e.applicant_id, e.program_id)]) >= e.program.practical_attempts_allowed
    ]
    session_dates: dict[int, list] = defaultdict(list)
    if exhausted:
        for enrollment_id, performed_on in HandsOnSession.objects.filter(
            enrollment_id__in=exhausted, status=HandsOnSession.Status.VERIFIED
        ).values_list("enrollment_id", "performed_on"):
            session_dates[enrollment_id].append(performed_on)
    rows = []
    for e in ready:
        key = (e.applicant_id, e.program_id)
        program_ = e.program
        policy = program_.practical_after_last_failure
        resit = resit_state(
            candidate=e.applicant,
            program=program_,
            failures=failures[key],
            allowed=program_.practical_attempts_allowed,
            wait=timedelta(days=program_.practical_wait_days),
            policy=policy,
            reopen_dates=(
                [e.applied_at]
                if policy == TrainingProgram.AfterLastFailure.NEW_ENROLLMENT
                else session_dates[e.pk]
            ),
        )
        if resit.exhausted:
            continue  # not ready: the policy asks for more hands-on or a new enrollment
        since = declared.get(key) or e.last_verified_at or e.applied_at
        rows.append(ReadyCandidate(e, since, declared.get(key), resit))
    rows.sort(key=lambda row: row.ready_since)
    return rows


@dataclass
class QueueSummary:
    count: int
    oldest_age: timedelta | None


def ready_queue_summary() -> QueueSummary:
    """For the staff home: how many wait for a sitting, and for how long the longest has.

    Counted in SQL (one aggregate) for everyone whose failed or missed sittings cannot fill a
    round, which the resit policy never holds back; the few whose failures do are read as the
    queue reads them (one query, and up to four more when there are any)."""
    failures = (
        PracticalSitting.objects.filter(
            candidate=OuterRef("applicant_id"),
            program=OuterRef("program_id"),
            status__in=[Status.FAILED, Status.NO_SHOW],
        )
        .values("candidate")
        .annotate(n=Count("id"))
        .values("n")
    )
    ready = _ready_enrollments().annotate(failures=Coalesce(Subquery(failures), 0))
    allowed = F("program__practical_attempts_allowed")
    declared = PracticalReadiness.objects.filter(
        candidate=OuterRef("applicant_id"), program=OuterRef("program_id")
    ).values("declared_at")[:1]
    # Aggregated over the grouped rows (Django wraps them in a subquery): one query.
    clear = (
        ready.filter(failures__lt=allowed)
        .annotate(since=Coalesce(Subquery(declared), "last_verified_at", "applied_at"))
        .aggregate(count=Count("pk"), oldest=Min("since"))
    )
    # Who filled a round of attempts: found from the sittings alone (few rows), then read as
    # the queue reads them.
    filled = list(
        PracticalSitting.objects.filter(status__in=[Status.FAILED, Status.NO_SHOW])
        .values("candidate_id", "program_id")
        .annotate(n=Count("id"))
        .filter(n__gte=F("program__practical_attempts_allowed"))
        .values_list("candidate_id", "program_id")
    )
    held = []
    if filled:
        pairs = Q()
        for candidate_id, program_id in filled:
            pairs |= Q(applicant_id=candidate_id, program_id=program_id)
        held = _rows(_listed(_ready_enrollments().filter(pairs)))
    count = clear["count"] + len(held)
    since = [at for at in [clear["oldest"], *(row.ready_since for row in held)] if at]
    if not count or not since:
        return QueueSummary(count, None)
    return QueueSummary(count, timezone.now() - min(since))
