"""Hands-on log: minimums, coverage, the trainee's log and the instructor's queue."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, QuerySet

from accounts.compiled_reads import CompiledRead

from ..models import (
    Cohort,
    Enrollment,
    HandsOnRequirements,
    HandsOnSession,
    SessionArea,
    TrainingProgram,
    TreatmentArea,
)
from .enrollment import current_enrollment


@dataclass
class Minimum:
    label: str
    done: float
    required: float

    @property
    def met(self) -> bool:
        return self.done >= self.required

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        return min(100, round(100 * self.done / self.required))


@dataclass
class CoverageRow:
    area: TreatmentArea
    counts: list[int]  # verified sessions performed, per Fitzpatrick type I..VI
    performed: int

    @property
    def met(self) -> bool:
        return self.performed >= self.area.min_sessions_performed


@dataclass
class HandsOnStatus:
    """How far a trainee stands against the program's hands-on minimums.

    Sessions and hours count every verified session; areas, skin types and goals count only the
    verified sessions the trainee performed (observing a skin type is not treating it).
    """

    enrollment: Enrollment | None
    requirements: HandsOnRequirements | None = None
    minimums: list[Minimum] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Sent back for correction or waiting for the supervisor, oldest first (see open_sessions_of).
    open_sessions: list[HandsOnSession] = field(default_factory=list)

    @property
    def minimums_met(self) -> bool:
        return self.enrollment is not None and bool(self.minimums) and not self.missing

    @property
    def skin_types(self) -> list[str]:
        return [label for _, label in HandsOnSession.SkinType.choices]


def requirements_of(program: TrainingProgram) -> HandsOnRequirements:
    """The program's minimums; a program that never set them has the defaults."""
    try:
        return program.hands_on_requirements
    except HandsOnRequirements.DoesNotExist:
        return HandsOnRequirements(program=program)


def hands_on_status(applicant, program: TrainingProgram) -> HandsOnStatus:
    """Step 3 for the applicant's current enrollment in `program`, in six queries."""
    enrollment = current_enrollment(applicant, program)
    if enrollment is None:
        return HandsOnStatus(None, missing=[f"enroll in {program}"])
    return hands_on_status_of(enrollment)


def hands_on_status_of(enrollment: Enrollment) -> HandsOnStatus:
    """Step 3 for `enrollment`: three queries (its sessions by kind, the area grid, the areas),
    the trainee's open sessions included (`HandsOnStatus.open_sessions`)."""
    program = enrollment.program
    requirements = requirements_of(program)
    Status, Role = HandsOnSession.Status, HandsOnSession.Role
    # One pass over the trainee's sessions that count or wait: the verified ones grouped by
    # what the minimums count, the open ones row by row (a handful: the pathway lists them).
    rows = (
        HandsOnSession.objects.filter(
            enrollment=enrollment, status__in=[Status.VERIFIED, Status.RETURNED, Status.SUBMITTED]
        )
        .values_list(
            "id",
            "status",
            "trainee_role",
            "skin_type",
            "goal",
            "duration_minutes",
            "performed_on",
            "return_reason",
        )
        .order_by("performed_on", "id")
    )
    sessions = minutes = 0
    pairs = set()
    open_sessions = []
    for pk, status, role, skin_type, goal, duration, performed_on, return_reason in rows:
        if status == Status.VERIFIED:
            sessions += 1
            minutes += duration or 0
            if role == Role.PERFORMED:
                pairs.add((skin_type, goal))
        else:
            open_sessions.append(
                HandsOnSession(
                    id=pk,
                    enrollment=enrollment,
                    performed_on=performed_on,
                    status=status,
                    return_reason=return_reason,
                )
            )
    totals = {"sessions": sessions, "minutes": minutes}
    performed = HandsOnSession.objects.filter(
        enrollment=enrollment, status=Status.VERIFIED, trainee_role=Role.PERFORMED
    )
    grid: dict[tuple[int, int], int] = {
        (row["area_id"], row["session__skin_type"]): row["n"]
        for row in SessionArea.objects.filter(session__in=performed)
        .values("area_id", "session__skin_type")
        .annotate(n=Count("session_id"))
    }
    coverage = []
    for area in TreatmentArea.objects.filter(program=program):
        counts = [grid.get((area.pk, skin_type), 0) for skin_type in range(1, 7)]
        coverage.append(CoverageRow(area, counts, sum(counts)))
    # To one decimal, half up (117 minutes are 2.0 hours, not float rounding's 1.9): the ready
    # queue checks the same rule in SQL (exams/selectors/practical_queue.py).
    hours = float((Decimal(totals["minutes"] or 0) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP))
    minimums = [
        Minimum("Verified sessions", totals["sessions"], requirements.min_verified_sessions),
        Minimum("Hours of supervised practice", hours, float(requirements.min_total_hours)),
        Minimum(
            "Different Fitzpatrick skin types treated",
            len({skin for skin, _ in pairs}),
            requirements.min_skin_types,
        ),
        Minimum(
            "Different treatment goals",
            len({goal for _, goal in pairs}),
            requirements.min_treatment_goals,
        ),
    ]
    minimums += [
        Minimum(f"{row.area} performed", row.performed, row.area.min_sessions_performed)
        for row in coverage
        if row.area.min_sessions_performed
    ]
    missing = [
        f"{m.label.lower()}: {_figure(m.done)} of {_figure(m.required)}"
        for m in minimums
        if not m.met
    ]
    return HandsOnStatus(enrollment, requirements, minimums, coverage, missing, open_sessions)


def _figure(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def sessions_of(enrollment: Enrollment) -> QuerySet[HandsOnSession]:
    """The trainee's log, newest first, with areas and follow-ups: three queries."""
    return (
        HandsOnSession.objects.filter(enrollment=enrollment)
        .select_related("supervisor", "replaces", "enrollment__cohort__program")
        .prefetch_related(
            Prefetch("areas", queryset=SessionArea.objects.select_related("area")), "follow_ups"
        )
        .order_by("-performed_on", "-id")
    )


def _case_log(enrollment: int) -> QuerySet:
    return (
        HandsOnSession.objects.filter(enrollment=enrollment)
        .order_by("-performed_on", "-id")
        .values(
            "pk",
            "performed_on",
            "skin_type",
            "goal",
            "trainee_role",
            "status",
            supervisor_name=F("supervisor__full_legal_name"),
        )
    )


def _case_log_areas(enrollment: int) -> QuerySet:
    return (
        SessionArea.objects.filter(session__enrollment=enrollment)
        .order_by("id")
        .values_list("session_id", "area__name", "units")
    )


def case_log(enrollment: Enrollment) -> list[dict]:
    """The trainee's log as plain rows of what the training page lists (`sessions_of` has the
    whole sessions), newest first, each with its `areas` as (name, units) in the order they
    were logged: two queries whatever the log's length."""
    areas = defaultdict(list)
    for session_id, name, units in _read_case_log_areas.rows(enrollment.pk):
        areas[session_id].append((name, units))
    sessions = _read_case_log.dicts(enrollment.pk)
    for session in sessions:
        session["areas"] = areas.get(session["pk"], [])
    return sessions


def verification_queue(instructor) -> QuerySet[HandsOnSession]:
    """Sessions the instructor supervised that wait for them, oldest first."""
    return (
        HandsOnSession.objects.filter(supervisor=instructor, status=HandsOnSession.Status.SUBMITTED)
        .select_related("enrollment__applicant")
        .order_by("submitted_at", "id")
    )


def verification_queue_rows(instructor) -> QuerySet:
    """The queue as plain rows of what its page shows, and only that (a session's log is read on
    its own page): on the busiest instructor's queue, building whole sessions, trainees, cohorts
    and programs as models, and their areas through a prefetch, was most of the page's time.
    The cohorts are named by `cohort_labels`: joined here too, the five tables took PostgreSQL
    ~1.2 ms to plan (the statement runs in ~0.5), three tables and two ~0.5 together."""
    return verification_queue(instructor).values(
        "pk",
        "submitted_at",
        "performed_on",
        "trainee_role",
        "replaces_id",
        trainee=F("enrollment__applicant__full_legal_name"),
        cohort_id=F("enrollment__cohort_id"),
    )


def _queue_size(instructor_id: int) -> QuerySet:
    # A count as a values() queryset, to be compiled once: on the (supervisor, status) index
    # alone (counting the page's rows counted their join). No row when the queue is empty.
    sessions = verification_queue(instructor_id).order_by()
    return sessions.values("supervisor").annotate(size=Count("pk"))


def _cohorts(cohort_ids: list[int]) -> QuerySet:
    cohorts = Cohort.objects.filter(pk__in=cohort_ids)
    return cohorts.values("pk", "name", program_name=F("program__name"))


def _area_names(session_ids: list[int]) -> QuerySet:
    return (
        SessionArea.objects.filter(session_id__in=session_ids)
        .order_by("id")
        .values("session_id", name=F("area__name"))
    )


# Compiled once per number of keys (accounts/compiled_reads.py): Django's compiler
# cost more than the statements on the busiest instructor's queue.
_read_queue_size = CompiledRead(_queue_size)
_read_queue_page = CompiledRead(verification_queue_rows)
_read_cohorts = CompiledRead(_cohorts)
_read_area_names = CompiledRead(_area_names)
_read_case_log = CompiledRead(_case_log)
_read_case_log_areas = CompiledRead(_case_log_areas)


def verification_queue_page(instructor, *, page_number, per_page: int) -> tuple[Page, list[dict]]:
    """One page of the queue as plain rows (`verification_queue_rows`), in two queries: the
    queue's size, then the page."""
    total = sum(row["size"] for row in _read_queue_size.dicts(instructor.pk))
    page = Paginator(range(total), per_page).get_page(page_number)
    if not total:
        return page, []
    offset = page.start_index() - 1
    return page, _read_queue_page.dicts(instructor.pk, offset=offset, limit=per_page)


def cohort_labels(cohort_ids) -> dict[int, str]:
    """Each cohort as its name reads (`str(cohort)`: "program · cohort"). One query."""
    ids = sorted(set(cohort_ids))
    if not ids:
        return {}
    return {row["pk"]: f"{row['program_name']} · {row['name']}" for row in _read_cohorts.dicts(ids)}


def area_names_of_sessions(session_ids: list[int]) -> dict[int, list[str]]:
    """The treatment areas of each session, by name, in the order they were logged. One query."""
    names = defaultdict(list)
    for row in _read_area_names.dicts(session_ids) if session_ids else ():
        names[row["session_id"]].append(row["name"])
    return names


def instructor_ids_who_supervised(applicant) -> set[int]:
    """Everyone who taught or supervised the applicant: the instructors of their cohorts and the
    supervisors of their hands-on sessions. An examiner among them may not score the
    applicant's practical exam."""
    teachers = Cohort.instructors.through.objects.filter(cohort__enrollments__applicant=applicant)
    supervisors = HandsOnSession.objects.filter(enrollment__applicant=applicant)
    return set(teachers.values_list("user_id", flat=True)) | set(
        supervisors.values_list("supervisor_id", flat=True)
    )


def open_sessions_of(enrollment: Enrollment) -> list[HandsOnSession]:
    """The trainee's sessions that are not settled yet: sent back for correction (their turn)
    or waiting for the supervisor (the supervisor's turn), oldest first. One query."""
    return list(
        HandsOnSession.objects.filter(
            enrollment=enrollment,
            status__in=[HandsOnSession.Status.RETURNED, HandsOnSession.Status.SUBMITTED],
        )
        .only("id", "enrollment_id", "performed_on", "status", "return_reason")
        .order_by("performed_on", "id")
    )
