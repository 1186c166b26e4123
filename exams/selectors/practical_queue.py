"""The admins' "ready for the practical exam" queue: enrolled trainees whose verified hands-on
sessions meet the program's minimums, with no sitting open or passed. The pathway asks nothing
more of the practical exam (certification/pathway.py: the written exam runs beside it).

Whether the minimums are met is read from `Enrollment.hands_on_met_at`, which the programs
services keep by the one rule of `programs.selectors.hands_on_status_of` (and a nightly pass
re-checks): the queue reads a partial index instead of counting a million sessions.

A holder whose certificate lapsed past its renewal window sits the exam again: once they say
they are ready, they join the queue although they completed the program or passed before, and
only the sittings since the lapse count (`accounts.events.results_since_for`)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import events
from accounts.models import User
from programs.models import (
    Enrollment,
    HandsOnSession,
    TrainingProgram,
)
from programs.selectors import COUNTING_STATUSES

from ..models.practical import PracticalReadiness, PracticalSitting
from .resits import ResitState, resit_state

Status = PracticalSitting.Status


@dataclass
class ReadyCandidate:
    enrollment: Enrollment
    ready_since: datetime  # when they said so, else when their minimums were found met
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


def _ready_enrollments(program: TrainingProgram | None = None):
    """Enrolled, every hands-on minimum met, and no sitting open or passed."""
    blocking = PracticalSitting.objects.filter(
        candidate=OuterRef("applicant_id"),
        program=OuterRef("program_id"),
        status__in=[*PracticalSitting.OPEN, Status.PASSED],
    )
    enrollments = Enrollment.objects.filter(
        status=Enrollment.Status.ENROLLED, hands_on_met_at__isnull=False
    ).exclude(Exists(blocking))
    if program is not None:
        enrollments = enrollments.filter(program=program)
    return enrollments


def _sitting_again(program: TrainingProgram | None = None):
    """Those who completed the program or passed before and said they are ready to sit again,
    minimums met and no sitting open: in the queue only if their certificate lapsed (`_rows`)."""
    theirs = {"candidate": OuterRef("applicant_id"), "program": OuterRef("program_id")}
    sittings = PracticalSitting.objects.filter(**theirs)
    enrollments = (
        Enrollment.objects.filter(status__in=COUNTING_STATUSES, hands_on_met_at__isnull=False)
        .filter(Exists(PracticalReadiness.objects.filter(**theirs)))
        .filter(
            Q(status=Enrollment.Status.COMPLETED) | Exists(sittings.filter(status=Status.PASSED))
        )
        .exclude(Exists(sittings.filter(status__in=PracticalSitting.OPEN)))
    )
    if program is not None:
        enrollments = enrollments.filter(program=program)
    return enrollments


def _candidates(program: TrainingProgram | None = None):
    return _ready_enrollments(program) | _sitting_again(program)


def _listed(enrollments, *, none_passed: bool = False) -> list[Enrollment]:
    """The enrollments as the rows read them. `none_passed`: the caller knows none of them
    passed before (ready enrollments have no sitting passed), and the test is not run."""
    passed = PracticalSitting.objects.filter(
        candidate=OuterRef("applicant_id"), program=OuterRef("program_id"), status=Status.PASSED
    )
    listed = list(
        enrollments.annotate(
            passed_before=Value(False) if none_passed else Exists(passed)
        ).select_related("applicant", "program__hands_on_requirements", "cohort")
    )
    # An enrollment's program is copied from its cohort's: read once per row, it serves both
    # (joined twice it was a third of the queue's model instances: 4,691 rows, national seed).
    for enrollment in listed:
        enrollment.cohort.program = enrollment.program
    return listed


def ready_for_practical(
    program: TrainingProgram | None = None, *, enrollment_id: int | None = None
) -> list[ReadyCandidate]:
    """The queue, oldest first: at most six queries, whatever its length. With `enrollment_id`,
    only that enrollment's row, if it is in the queue (scheduling one candidate)."""
    candidates = _candidates(program)
    if enrollment_id is not None:
        candidates = candidates.filter(pk=enrollment_id)
    return _rows(_listed(candidates))


def _sits_again(enrollment) -> bool:
    """Passed once, or completed the program: in the queue only as a holder whose certificate
    lapsed, who said they are ready to sit again."""
    return enrollment.passed_before or enrollment.status == Enrollment.Status.COMPLETED


def _rows(ready: list[Enrollment]) -> list[ReadyCandidate]:
    """The enrollments that meet the minimums, less those the resit policy holds back."""
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
        since = declared.get(key) or e.hands_on_met_at
        rows.append(ReadyCandidate(e, since, declared.get(key), resit))
    rows.sort(key=lambda row: row.ready_since)
    return rows


@dataclass
class QueueSummary:
    count: int
    oldest_age: timedelta | None


def _matching(enrollments, query: str):
    """Those of `enrollments` whose candidate's full legal name or e-mail address contains
    `query`, in any case (the people list's search, `accounts.selectors.people_matching`);
    all of them when `query` is empty. Django escapes `%` and `_` in the LIKE pattern."""
    if not query:
        return enrollments
    return enrollments.filter(
        Q(applicant__full_legal_name__icontains=query) | Q(applicant__email__icontains=query)
    )


def _clear(program: TrainingProgram | None = None, *, query: str = ""):
    """Those the resit policy can never hold back: ready, and their failed or missed sittings
    cannot fill a round (so no round is used up: `resit_state` never finds them exhausted), with
    when they became ready (`since`, as `_rows` reads it). Counted and ordered in SQL.
    `query`: only those whose name or e-mail contains it (`_matching`)."""
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
    declared = PracticalReadiness.objects.filter(
        candidate=OuterRef("applicant_id"), program=OuterRef("program_id")
    ).values("declared_at")[:1]
    return (
        _matching(_ready_enrollments(program), query)
        .annotate(failures=Coalesce(Subquery(failures), 0))
        .filter(failures__lt=F("program__practical_attempts_allowed"))
        .annotate(since=Coalesce(Subquery(declared), "hands_on_met_at"))
    )


def _held(program: TrainingProgram | None = None, *, query: str = "") -> list[ReadyCandidate]:
    """The rest of the queue, worked out in Python as the resit rule asks: those whose failed
    or missed sittings fill a round, and those sitting again after a lapse. Few: found from
    the sittings alone (one query), then read as the queue reads them. `query`: only those
    whose name or e-mail contains it (`_matching`)."""
    filled = list(
        PracticalSitting.objects.filter(status__in=[Status.FAILED, Status.NO_SHOW])
        .values("candidate_id", "program_id")
        .annotate(n=Count("id"))
        .filter(n__gte=F("program__practical_attempts_allowed"))
        .values_list("candidate_id", "program_id")
    )
    pairs = Q(pk__in=[])
    for candidate_id, program_id in filled:
        pairs |= Q(applicant_id=candidate_id, program_id=program_id)
    held = _ready_enrollments(program).filter(pairs) | _sitting_again(program)
    return _rows(_listed(_matching(held, query)))


class ReadyQueue:
    """The queue as a paginator reads it (`page_of`): counted in SQL, and only the asked page's
    rows worked out. `ready_for_practical()` works out every row (4,691 on the national seed:
    ~1.4 s a view) to show 25.

    The rows the resit rule may hold back (`_held`, few) are worked out whole; the others
    (`_clear`) are counted, ordered and cut in SQL, and only the page's are built. Both lists
    are in the order `ready_for_practical` gives (ready since, oldest first), merged.

    `query`: only the candidates whose full legal name or e-mail address contains it (any
    case); the count and the pages are those of the narrowed queue."""

    def __init__(self, program: TrainingProgram | None = None, *, query: str = ""):
        self._program = program
        self._query = query

    @cached_property
    def _held_rows(self) -> list[ReadyCandidate]:
        return _held(self._program, query=self._query)

    @cached_property
    def _clear_keys(self) -> list[tuple]:
        """(ready since, 0, enrollment id) of each clear row, in order: read once for both the
        count and the page (two scans of the queue were ~50 ms each on the national seed)."""
        clear = (
            _clear(self._program, query=self._query)
            .order_by("since", "pk")
            .values_list("since", "pk")
        )
        return [(since, 0, pk) for since, pk in clear]

    def count(self) -> int:
        return len(self._clear_keys) + len(self._held_rows)

    def __getitem__(self, cut: slice) -> list[ReadyCandidate]:
        if cut.stop <= cut.start:
            return []  # an empty queue's page
        # The first `stop` of each list hold the merged list's first `stop`.
        merged = sorted(
            self._clear_keys[: cut.stop]
            + [(row.ready_since, 1, i) for i, row in enumerate(self._held_rows[: cut.stop])],
            key=lambda entry: entry[:2],
        )[cut]
        page = Enrollment.objects.filter(pk__in=[key for _, held, key in merged if not held])
        built = {row.enrollment.pk: row for row in _rows(_listed(page, none_passed=True))}
        return [self._held_rows[key] if held else built[key] for _, held, key in merged]


def ready_queue_summary() -> QueueSummary:
    """For the staff home: how many wait for a sitting, and for how long the longest has.

    Counted in SQL (one aggregate) for everyone whose failed or missed sittings cannot fill a
    round, which the resit policy never holds back; the few whose failures do are read as the
    queue reads them (one query, and up to four more when there are any)."""
    # One aggregate over the partial index's rows.
    clear = _clear().aggregate(count=Count("pk"), oldest=Min("since"))
    held = _held()
    count = clear["count"] + len(held)
    since = [at for at in [clear["oldest"], *(row.ready_since for row in held)] if at]
    if not count or not since:
        return QueueSummary(count, None)
    return QueueSummary(count, timezone.now() - min(since))
