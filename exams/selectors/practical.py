"""The practical exam's queries: each page's data in a fixed number of SQL queries, and the
pathway's answer for step 4's practical half (`practical_exam_status`)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import groupby
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts import events
from accounts.compiled_reads import CompiledRead
from programs.models import TrainingProgram
from programs.selectors import HandsOnStatus, hands_on_status

from ..models.practical import (
    SECTION_ORDER,
    CriterionScore,
    ExaminerAssignment,
    PracticalSitting,
    Rubric,
    RubricCriterion,
    RubricSection,
    RubricVersion,
    weighted_score,
)
from .resits import ResitState, resit_state

Status = PracticalSitting.Status


# --- the pathway --------------------------------------------------------------------------------


@dataclass
class PracticalExamStatus:
    """Where an applicant stands with the practical exam of a program."""

    unlocked: bool = False
    passed: bool = False
    final: bool = False
    scheduled_at: datetime | None = None
    missing: list[str] = field(default_factory=list)
    action_label: str = ""
    action_url: str = ""
    sitting: PracticalSitting | None = None
    # After a failed or missed sitting: when the resit policy lets the next one take place.
    next_attempt_at: datetime | None = None
    resit: "ResitState | None" = None
    # The holder's certificate lapsed at this moment: the exam is sat again (None: it did not).
    resit_since: datetime | None = None


_UNREAD = object()


def counting_sittings(sittings, since: datetime | None) -> list[PracticalSitting]:
    """The sittings that count: since a lapse (`accounts.events.results_since`), only those
    that started after it; the exam is sat afresh."""
    return [s for s in sittings if since is None or s.starts_at >= since]


def practical_exam_status(
    applicant,
    program: TrainingProgram,
    *,
    hands_on: HandsOnStatus | None = None,
    results_since=_UNREAD,
) -> PracticalExamStatus:
    """The practical half of step 4, in the queries of `hands_on_status` plus one (one alone
    when the caller, like the pathway, already holds the hands-on status); one more when
    `results_since` (from when sittings count: a lapsed certificate) is not given.

    Unlocked when the hands-on minimums are met (or once a sitting has been passed); passed when
    a sitting is final and passed; otherwise the latest sitting tells what is going on."""
    hands_on = hands_on or hands_on_status(applicant, program)
    if results_since is _UNREAD:
        results_since = events.results_since(applicant=applicant, program=program)
    # All of them in one query (a handful: the resit policy bounds them), for the resit rule.
    sittings = counting_sittings(
        PracticalSitting.objects.filter(candidate=applicant, program=program).order_by(
            "-starts_at", "-id"
        ),
        results_since,
    )
    sitting = next((s for s in sittings if s.status == Status.PASSED), None) or next(
        iter(sittings), None
    )
    status = PracticalExamStatus(
        sitting=sitting, action_url=reverse("exams:my_practical"), resit_since=results_since
    )
    status.passed = sitting is not None and sitting.status == Status.PASSED
    status.final = sitting is not None and sitting.is_final()
    status.unlocked = hands_on.minimums_met or status.passed
    status.scheduled_at = sitting.starts_at if sitting is not None else None
    if not status.unlocked:
        status.missing = list(hands_on.missing) or ["meet the hands-on minimums"]
        status.action_label = "Practical exam (locked)"
        return status
    if status.passed:
        status.action_label = "See your practical exam result"
    elif sitting is None and results_since is not None:
        # A holder is in no cohort's ready list: they say they are ready to sit again.
        status.missing = [
            "pass the practical exam again (your certificate lapsed): tell the program admins "
            "you are ready, and they schedule you"
        ]
        status.action_label = "Your practical exam"
    elif sitting is None:
        status.missing = ["a program admin schedules your practical exam"]
        status.action_label = "Practical exam"
    elif sitting.status == Status.SCHEDULED:
        status.missing = [f"sit the practical exam on {sitting.starts_at:%d %b %Y}"]
        status.action_label = "Your practical exam"
    elif sitting.status == Status.FLAGGED:
        status.missing = ["your practical exam result awaits a program admin's decision"]
        status.action_label = "Your practical exam"
    elif sitting.status == Status.CANCELLED:
        status.missing = ["your sitting was cancelled; a program admin schedules a new one"]
        status.action_label = "Your practical exam"
    else:
        # Failed or missed: the resit policy says when the next attempt opens (one more query).
        resit = practical_resit_state(applicant, program, sittings)
        status.resit = resit
        status.next_attempt_at = resit.next_attempt_at
        status.action_label = "Your practical exam"
        if resit.exhausted:
            status.missing = [resit.what_reopens()]
        elif resit.next_attempt_at and resit.next_attempt_at > timezone.now():
            when = timezone.localtime(resit.next_attempt_at)
            status.missing = [
                f"pass the practical exam; your next attempt opens on {when:%-d %b %Y}"
            ]
        else:
            status.missing = ["pass the practical exam; a program admin schedules a new sitting"]
    return status


# --- the examiner -------------------------------------------------------------------------------


@dataclass
class FormSection:
    label: str
    criteria: list[RubricCriterion]


def criteria_by_section(version_id: int) -> list[FormSection]:
    """The version's criteria, grouped in the sections' fixed order: one query."""
    criteria = sorted(
        RubricCriterion.objects.filter(version_id=version_id),
        key=lambda c: (SECTION_ORDER[c.section], c.position, c.pk),
    )
    return [
        FormSection(RubricSection(section).label, list(items))
        for section, items in groupby(criteria, key=lambda c: c.section)
    ]


def criteria_of_sitting(version_id: int) -> list[FormSection]:
    """`criteria_by_section` of a version a sitting uses, kept in the cache by version: such a
    version is never edited (revise_rubric makes the next version once a sitting uses one, and
    scheduling takes the rubric's lock, so no sitting lands on a version being edited in place).
    An edit to a rubric in use is a new version, under a new key. No query once cached."""
    key = f"exams:sitting-criteria:{version_id}"
    sections = cache.get(key)
    if sections is None:
        sections = criteria_by_section(version_id)
        cache.set(key, sections, timeout=SITTING_CRITERIA_SECONDS)
    return sections


SITTING_CRITERIA_SECONDS = 7 * 24 * 3600  # a version's sittings are scored within days


class SavedScore(NamedTuple):
    score: int | None
    comment: str


def scores_of(assignment: ExaminerAssignment) -> dict[int, SavedScore]:
    """The form's saved scores by criterion id, read as values by a statement compiled once
    per process (the score page is opened all day)."""
    return {
        criterion: SavedScore(score, comment)
        for criterion, score, comment in _SAVED_SCORES.rows(form=assignment.pk)
    }


_SAVED_SCORES = CompiledRead(
    lambda form: CriterionScore.objects.filter(assignment=form).values_list(
        "criterion_id", "score", "comment"
    )
)


@dataclass
class ScoreTally:
    """How far a score form is: "7 of 11 scored" and the weighted total so far, where an
    unscored criterion counts as its lowest level (so the total only grows as scoring goes on
    and equals the form's weighted score once every criterion is scored)."""

    scored: int
    total: int
    running_total: Decimal


def score_tally(criteria: list[RubricCriterion], scores: dict[int, int | None]) -> ScoreTally:
    given = {pk: value for pk, value in scores.items() if value is not None}
    so_far = {c.pk: given.get(c.pk, c.scale_min) for c in criteria}
    return ScoreTally(
        scored=sum(c.pk in given for c in criteria),
        total=len(criteria),
        running_total=weighted_score(criteria, so_far) if criteria else Decimal(0),
    )


# --- the candidate ------------------------------------------------------------------------------


def sittings_of_candidate(applicant) -> QuerySet[PracticalSitting]:
    return (
        PracticalSitting.objects.filter(candidate=applicant)
        .select_related("program")
        .order_by("-starts_at", "-id")
    )


@dataclass
class CriterionResult:
    criterion: RubricCriterion
    mean_score: float
    comments: list[tuple[str, str]]  # (examiner name, comment)

    @property
    def critical_failed(self) -> bool:
        return not self.criterion.critical_passed(self.mean_score)


@dataclass
class SittingResult:
    sitting: PracticalSitting
    sections: list[tuple[str, list[CriterionResult]]]
    overall_comments: list[tuple[str, str]]


def sitting_result(sitting: PracticalSitting) -> SittingResult:
    """The final sitting's criteria, mean scores and examiners' comments: 2 queries."""
    forms = list(
        sitting.assignments.filter(status=ExaminerAssignment.Status.SUBMITTED)
        .select_related("examiner")
        .prefetch_related("scores")
    )
    sections = []
    for section in criteria_by_section(sitting.rubric_version_id):
        rows = []
        for criterion in section.criteria:
            given = [
                (f.examiner.full_legal_name, s)
                for f in forms
                for s in f.scores.all()
                if s.criterion_id == criterion.pk
            ]
            scores = [s.score for _, s in given if s.score is not None]
            rows.append(
                CriterionResult(
                    criterion,
                    sum(scores) / len(scores) if scores else 0,
                    [(name, s.comment) for name, s in given if s.comment],
                )
            )
        sections.append((section.label, rows))
    overall = [(f.examiner.full_legal_name, f.overall_comment) for f in forms if f.overall_comment]
    return SittingResult(sitting, sections, overall)


# --- program admins -----------------------------------------------------------------------------


def rubrics_overview() -> QuerySet[Rubric]:
    return (
        Rubric.objects.select_related("program")
        .annotate(latest_version=Max("versions__number"))
        .order_by("program__name", "name")
    )


def current_version(rubric: Rubric) -> RubricVersion | None:
    return rubric.versions.order_by("-number").first()


def rubric_versions(rubric: Rubric) -> QuerySet[RubricVersion]:
    return (
        rubric.versions.select_related("created_by")
        .annotate(sitting_count=Count("sittings", distinct=True))
        .order_by("-number")
    )


# The groups of statuses the admins' sittings list is filtered by (exams/filters.py).
SITTING_GROUPS = {
    "open": ("Awaiting scores", [Status.SCHEDULED]),
    "flagged": ("Flagged", [Status.FLAGGED]),
    "final": ("Final", list(PracticalSitting.FINAL)),
    "closed": ("Cancelled or missed", list(PracticalSitting.CLOSED)),
}


def sittings_for_admin() -> QuerySet[PracticalSitting]:
    """Every sitting, latest first, with its candidate, rubric and examiners."""
    return (
        PracticalSitting.objects.select_related("candidate", "program", "rubric_version__rubric")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ExaminerAssignment.objects.select_related("examiner").order_by("id"),
            )
        )
        .order_by("-starts_at", "-id")
    )


def sittings_in_group(sittings: QuerySet[PracticalSitting], group: str):
    return sittings.filter(status__in=SITTING_GROUPS[group][1])


def sitting_assignments(sitting: PracticalSitting) -> list[ExaminerAssignment]:
    return list(sitting.assignments.select_related("examiner").order_by("id"))


# --- the resit policy ---------------------------------------------------------------------------


def practical_failure_times(sittings) -> list[datetime]:
    """When each attempt that counts was used: a failed sitting at its result, a missed one at
    its end. A cancelled sitting uses no attempt."""
    times = []
    for sitting in sittings:
        if sitting.status == Status.FAILED:
            times.append(sitting.result_at or sitting.ends_at)
        elif sitting.status == Status.NO_SHOW:
            times.append(sitting.ends_at)
    return sorted(times)


def practical_resit_state(
    candidate, program: TrainingProgram, sittings=None, *, since: datetime | None = None
) -> ResitState:
    """The program's practical resit policy applied to the candidate's sittings: one query (the
    sittings, unless given), plus one once every attempt of a round is used. `since`: only the
    sittings after a lapse count (the given ones are counted already)."""
    if sittings is None:
        sittings = PracticalSitting.objects.filter(
            candidate=candidate, program=program, status__in=[Status.FAILED, Status.NO_SHOW]
        ).only("status", "result_at", "ends_at", "starts_at")
        sittings = counting_sittings(sittings, since)
    return resit_state(
        candidate=candidate,
        program=program,
        failures=practical_failure_times(sittings),
        allowed=program.practical_attempts_allowed,
        wait=timedelta(days=program.practical_wait_days),
        policy=program.practical_after_last_failure,
    )
