"""The admins' "ready for the practical exam" queue: enrolled trainees whose verified hands-on
sessions meet the program's minimums, with no sitting open or passed. The pathway asks nothing
more of the practical exam (certification/pathway.py: the written exam runs beside it).

The minimums are the ones `programs.selectors.hands_on_status` checks, computed here for every
enrollment at once, so the queue costs the same few queries however long it is."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.utils import timezone

from accounts import events
from accounts.models import User
from programs.models import (
    Enrollment,
    HandsOnRequirements,
    HandsOnSession,
    SessionArea,
    TrainingProgram,
    TreatmentArea,
)
from programs.selectors import COUNTING_STATUSES

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


def _requirements(program: TrainingProgram) -> HandsOnRequirements:
    try:
        return program.hands_on_requirements
    except HandsOnRequirements.DoesNotExist:
        return HandsOnRequirements(program=program)


def _candidates(program: TrainingProgram | None):
    """Enrolled trainees with no sitting open or passed, and those who completed the program
    and said they are ready with no sitting open: a holder whose certificate lapsed sits the
    exam again (a pass before the lapse is weighed in `ready_for_practical`)."""
    theirs = {"candidate": OuterRef("applicant_id"), "program": OuterRef("program_id")}
    open_sitting = PracticalSitting.objects.filter(**theirs, status__in=PracticalSitting.OPEN)
    passed = PracticalSitting.objects.filter(**theirs, status=Status.PASSED)
    declared = PracticalReadiness.objects.filter(**theirs)
    enrollments = (
        Enrollment.objects.alias(declared_ready=Exists(declared))
        .annotate(passed_before=Exists(passed))
        .filter(
            Q(status=Enrollment.Status.ENROLLED, passed_before=False)
            | Q(status__in=COUNTING_STATUSES, declared_ready=True)
        )
        .exclude(Exists(open_sitting))
        .select_related("applicant", "program__hands_on_requirements", "cohort__program")
        .annotate(
            verified=Count("hands_on_sessions", filter=VERIFIED, distinct=True),
            minutes=Sum("hands_on_sessions__duration_minutes", filter=VERIFIED),
            skin_types=Count("hands_on_sessions__skin_type", filter=PERFORMED, distinct=True),
            goals=Count("hands_on_sessions__goal", filter=PERFORMED, distinct=True),
            last_verified_at=Max("hands_on_sessions__verified_at", filter=VERIFIED),
        )
        # A first cut in SQL; the full minimums are checked below.
        .filter(verified__gte=F("program__hands_on_requirements__min_verified_sessions"))
    )
    if program is not None:
        enrollments = enrollments.filter(program=program)
    return list(enrollments)


def _sits_again(enrollment) -> bool:
    """Passed once, or completed the program: in the queue only as a holder whose certificate
    lapsed, who said they are ready to sit again."""
    return enrollment.passed_before or enrollment.status == Enrollment.Status.COMPLETED


def _meets_minimums(enrollment, requirements, areas, performed) -> bool:
    hours = round((enrollment.minutes or 0) / 60, 1)
    return (
        enrollment.verified >= requirements.min_verified_sessions
        and hours >= float(requirements.min_total_hours)
        and enrollment.skin_types >= requirements.min_skin_types
        and enrollment.goals >= requirements.min_treatment_goals
        and all(performed.get(area.pk, 0) >= area.min_sessions_performed for area in areas)
    )


def ready_for_practical(program: TrainingProgram | None = None) -> list[ReadyCandidate]:
    """The queue, oldest first: at most seven queries, whatever its length."""
    enrollments = _candidates(program)
    if not enrollments:
        return []
    ids = [e.pk for e in enrollments]
    performed: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (
        SessionArea.objects.filter(
            session__enrollment_id__in=ids,
            session__status=HandsOnSession.Status.VERIFIED,
            session__trainee_role=HandsOnSession.Role.PERFORMED,
        )
        .values("session__enrollment_id", "area_id")
        .annotate(n=Count("id"))
    ):
        performed[row["session__enrollment_id"]][row["area_id"]] = row["n"]
    areas: dict[int, list[TreatmentArea]] = defaultdict(list)
    for area in TreatmentArea.objects.filter(
        program_id__in={e.program_id for e in enrollments}, min_sessions_performed__gt=0
    ):
        areas[area.program_id].append(area)
    ready = [
        e
        for e in enrollments
        if _meets_minimums(e, _requirements(e.program), areas[e.program_id], performed[e.pk])
    ]
    if not ready:
        return []
    candidate_ids = {e.applicant_id for e in ready}
    declared = {
        (r.candidate_id, r.program_id): r.declared_at
        for r in PracticalReadiness.objects.filter(candidate_id__in=candidate_ids)
    }
    # Those who completed the program sit again only if their certificate lapsed, and only
    # the sittings since the lapse count (one query, only when there are such candidates).
    lapsed = events.results_since_for(
        (e.applicant_id, e.program_id) for e in ready if _sits_again(e)
    )
    failures: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    passed_since_lapse = set()
    for sitting in PracticalSitting.objects.filter(
        candidate_id__in=candidate_ids, status__in=[Status.FAILED, Status.NO_SHOW, Status.PASSED]
    ).only("candidate_id", "program_id", "status", "result_at", "ends_at", "starts_at"):
        key = (sitting.candidate_id, sitting.program_id)
        if key in lapsed and sitting.starts_at < lapsed[key]:
            continue
        if sitting.status == Status.PASSED:
            passed_since_lapse.add(key)
            continue
        failures[key].append(
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
        if _sits_again(e) and (key not in lapsed or key in passed_since_lapse):
            continue  # passed (again since the lapse), or completed: nothing to sit
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
    """For the staff home: how many wait for a sitting, and for how long the longest has."""
    rows = ready_for_practical()
    if not rows:
        return QueueSummary(0, None)
    return QueueSummary(len(rows), timezone.now() - min(row.ready_since for row in rows))
