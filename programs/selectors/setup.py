"""Queries of the program admins' pages for programs and cohorts, each in a fixed number of
queries, and the access helpers those pages fetch objects through (404 for unknown ids)."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import require_role
from accounts.models import User
from accounts.roles import Role

from ..models import (
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
from .enrollment import COUNTING_STATUSES
from .hands_on import requirements_of

__all__ = [
    "program_for_admin",
    "cohort_for_admin",
    "module_for_admin",
    "treatment_area_for_admin",
    "instructor_choices",
    "programs_for_staff",
    "StaffProgramPage",
    "staff_program_page",
    "StaffRosterRow",
    "StaffCohortRoster",
    "staff_cohort_roster",
    "cohort_enrollments",
    "progress_rows",
]

Status = Enrollment.Status


# --- access helpers: program admins only, unknown ids are 404 ---------------------------------


def program_for_admin(user, pk: int) -> TrainingProgram:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(TrainingProgram, pk=pk)


def cohort_for_admin(user, pk: int) -> Cohort:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(Cohort.objects.select_related("program"), pk=pk)


def module_for_admin(user, pk: int) -> TheoryModule:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(TheoryModule.objects.select_related("program"), pk=pk)


def treatment_area_for_admin(user, pk: int) -> TreatmentArea:
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(TreatmentArea.objects.select_related("program"), pk=pk)


def instructor_choices() -> QuerySet[User]:
    """The people who may be chosen to teach a cohort: holders of the instructor role."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.INSTRUCTOR.value)
        .distinct()
        .order_by("full_legal_name", "email")
    )


def _count_per(model, link: str, **filters):
    """A correlated subquery counting `model` rows whose `link` is the outer row."""
    rows = model.objects.filter(**{link: OuterRef("pk")}, **filters).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


# --- programs list -------------------------------------------------------------------------------


def programs_for_staff(*, today=None) -> QuerySet[TrainingProgram]:
    """Every program with its cohort count, its active enrollments, and how many of those are
    flagged (all of them when the program is not accredited today): one query."""
    today = today or timezone.localdate()
    accredited = Q(accredited_from__lte=today, accredited_until__gte=today)
    return (
        TrainingProgram.objects.annotate(
            cohort_count=_count_per(Cohort, "program"),
            active_enrollments=_count_per(Enrollment, "program", status__in=Enrollment.ACTIVE),
        )
        .annotate(
            flagged_enrollments=Case(
                When(accredited, then=Value(0)),
                default=F("active_enrollments"),
                output_field=IntegerField(),
            )
        )
        .order_by("name", "pk")
    )


# --- program page --------------------------------------------------------------------------------


@dataclass
class StaffProgramPage:
    program: TrainingProgram
    modules: list[TheoryModule]
    areas: list[TreatmentArea]
    requirements: HandsOnRequirements
    cohorts: list[Cohort]

    @property
    def running_enrollments(self) -> int:
        return sum(c.applied + c.waitlisted + c.enrolled for c in self.cohorts)


def staff_program_page(program: TrainingProgram) -> StaffProgramPage:
    """The program with its modules (and how many completion records each has), its treatment
    areas (and whether a session names them), its minimums and its cohorts' counts: 4 queries."""
    modules = program.modules.annotate(completion_count=Count("completions")).order_by(
        "position", "pk"
    )
    areas = program.treatment_areas.annotate(
        in_use=Exists(SessionArea.objects.filter(area=OuterRef("pk")))
    ).order_by("position", "pk")
    cohorts = (
        program.cohorts.annotate(
            applied=Count("enrollments", filter=Q(enrollments__status=Status.APPLIED)),
            waitlisted=Count("enrollments", filter=Q(enrollments__status=Status.WAITLISTED)),
            enrolled=Count("enrollments", filter=Q(enrollments__status=Status.ENROLLED)),
            completed=Count("enrollments", filter=Q(enrollments__status=Status.COMPLETED)),
        )
        .prefetch_related("instructors")
        .order_by("starts_on", "name")
    )
    return StaffProgramPage(
        program, list(modules), list(areas), requirements_of(program), list(cohorts)
    )


# --- cohort roster -------------------------------------------------------------------------------


@dataclass
class StaffRosterRow:
    """One enrollment of the cohort with its theory and hands-on standing.

    The hands-on figures follow `hands_on_status_of` (sessions and hours count every verified
    session; skin types, goals and areas only those the trainee performed), computed for the
    whole cohort at once; the completion action still runs the full check on its own.
    """

    enrollment: Enrollment
    theory_done: int
    theory_total: int
    verified_sessions: int
    verified_hours: float
    hands_on_missing: list[str] = field(default_factory=list)
    hands_on_percent: int = 0  # partial progress towards the minimums (see _progress_percent)

    @property
    def theory_percent(self) -> int:
        return round(100 * self.theory_done / self.theory_total) if self.theory_total else 0

    @property
    def theory_complete(self) -> bool:
        return (
            self.enrollment.status in COUNTING_STATUSES
            and self.theory_total > 0
            and self.theory_done == self.theory_total
        )

    @property
    def minimums_met(self) -> bool:
        return not self.hands_on_missing

    @property
    def flag(self) -> str:
        return self.enrollment.accreditation_flag()


@dataclass
class StaffCohortRoster:
    cohort: Cohort
    rows: list[StaffRosterRow]
    counts: dict[str, int]
    requirements: HandsOnRequirements

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _distinct_per_enrollment(column: str):
    performed = HandsOnSession.objects.filter(
        enrollment=OuterRef("pk"),
        status=HandsOnSession.Status.VERIFIED,
        trainee_role=HandsOnSession.Role.PERFORMED,
    )
    rows = performed.order_by().values("enrollment")
    return Coalesce(Subquery(rows.annotate(n=Count(column, distinct=True)).values("n")), 0)


def _hands_on_checks(enrollment, requirements, areas, performed) -> list[tuple[str, float, float]]:
    """(label, done, required) of each minimum, from the cohort-wide annotations."""
    checks = [
        ("verified sessions", enrollment.verified_sessions, requirements.min_verified_sessions),
        ("hours", round(enrollment.verified_minutes / 60, 1), float(requirements.min_total_hours)),
        ("skin types", enrollment.skin_types, requirements.min_skin_types),
        ("goals", enrollment.goals, requirements.min_treatment_goals),
    ]
    for area in areas:
        done = performed.get((enrollment.pk, area.pk), 0)
        checks.append((f"{area} performed", done, area.min_sessions_performed))
    return checks


def _hands_on_missing(checks) -> list[str]:
    """What `hands_on_status_of` would list as missing."""
    return [f"{label}: {done:g} of {need:g}" for label, done, need in checks if done < need]


def _progress_percent(checks) -> int:
    """How far along the minimums, each counted as far as it goes (capped at its target), as
    the applicant's dashboard counts them: 2 of 6 sessions is a third of that minimum."""
    if not checks:
        return 0
    shares = [min(1, done / need) if need else 1 for _, done, need in checks]
    return round(100 * sum(shares) / len(shares))


def cohort_enrollments(cohort: Cohort) -> QuerySet[Enrollment]:
    """Every enrollment of the cohort, the base of its roster (programs/filters.py narrows it)."""
    return cohort.enrollments.all()


def staff_cohort_roster(
    cohort: Cohort, *, enrollments: QuerySet[Enrollment] | None = None
) -> StaffCohortRoster:
    """The cohort's enrollments (those of `enrollments` if given, else all) with theory progress
    and hands-on standing, in 6 queries however many trainees there are."""
    program = cohort.program
    requirements = requirements_of(program)
    theory_total = TheoryModule.objects.filter(program=program).count()
    areas = list(TreatmentArea.objects.filter(program=program, min_sessions_performed__gt=0))
    verified = HandsOnSession.objects.filter(
        enrollment=OuterRef("pk"), status=HandsOnSession.Status.VERIFIED
    ).order_by()
    enrollments = (
        (cohort_enrollments(cohort) if enrollments is None else enrollments)
        .select_related("applicant", "program")
        .annotate(
            theory_done=_count_per(
                ModuleCompletion,
                "enrollment",
                attended=True,
                passed_assessment=True,
                module__program=program,
            ),
            verified_sessions=_count_per(
                HandsOnSession, "enrollment", status=HandsOnSession.Status.VERIFIED
            ),
            verified_minutes=Coalesce(
                Subquery(
                    verified.values("enrollment").annotate(m=Sum("duration_minutes")).values("m")
                ),
                0,
            ),
            skin_types=_distinct_per_enrollment("skin_type"),
            goals=_distinct_per_enrollment("goal"),
        )
        .order_by("applied_at", "pk")
    )
    performed = (
        {
            (row["session__enrollment_id"], row["area_id"]): row["n"]
            for row in SessionArea.objects.filter(
                session__enrollment__cohort=cohort,
                session__status=HandsOnSession.Status.VERIFIED,
                session__trainee_role=HandsOnSession.Role.PERFORMED,
                area__in=areas,
            )
            .values("session__enrollment_id", "area_id")
            .annotate(n=Count("session_id"))
        }
        if areas
        else {}
    )
    rows = []
    for enrollment in enrollments:
        checks = _hands_on_checks(enrollment, requirements, areas, performed)
        rows.append(
            StaffRosterRow(
                enrollment,
                enrollment.theory_done,
                theory_total,
                enrollment.verified_sessions,
                round(enrollment.verified_minutes / 60, 1),
                _hands_on_missing(checks),
                _progress_percent(checks),
            )
        )
    counts = dict.fromkeys(Status.values, 0)
    counts.update(cohort.enrollments.order_by().values_list("status").annotate(n=Count("pk")))
    return StaffCohortRoster(cohort, rows, counts, requirements)


def progress_rows(roster: StaffCohortRoster) -> list[StaffRosterRow]:
    """The cohort progress chart's rows: the trainees who count (enrolled or completed), by
    name."""
    rows = [r for r in roster.rows if r.enrollment.status in COUNTING_STATUSES]
    return sorted(rows, key=lambda r: (r.enrollment.applicant.full_legal_name, r.enrollment.pk))
