"""Reads of the written exam, each in a fixed number of queries.

The pathway (certification) calls `written_exam_status(applicant, program)`.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse

from accounts import events
from programs.models import TrainingProgram
from programs.selectors import COUNTING_STATUSES, current_enrollment, theory_progress

from ..models.written import (
    Accommodation,
    Attempt,
    AttemptItem,
    BlueprintRow,
    ItemCorrection,
    Question,
    QuestionVersion,
    WrittenExam,
)
from .resits import ResitState, resit_state


def active_exam(program: TrainingProgram) -> WrittenExam | None:
    return (
        WrittenExam.objects.filter(program=program, is_active=True)
        .select_related("program")
        .first()
    )


@dataclass
class AttemptsSummary:
    """A candidate's attempts of one exam and what that allows next (2 queries)."""

    attempts: list[Attempt]  # those that count: since a lapse, only the ones after it
    attempts_allowed: int
    extra_minutes: int
    # The highest attempt number ever used, counted or not: numbers never repeat.
    last_number: int = 0
    # Results before this moment no longer count (the holder's certificate lapsed), or None.
    counting_since: datetime | None = None

    @property
    def submitted(self) -> list[Attempt]:
        return [a for a in self.attempts if a.status == Attempt.Status.SUBMITTED]

    @property
    def attempts_used(self) -> int:
        """Attempts of the current round (see selectors/resits.py)."""
        return len([a for a in self.attempts if a.number > self.round_after_number])

    @property
    def open_attempt(self) -> Attempt | None:
        return next((a for a in self.attempts if a.status == Attempt.Status.OPEN), None)

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.submitted)

    @property
    def best_score_percent(self) -> int | None:
        scores = [a.score_percent for a in self.submitted if a.score_percent is not None]
        return max(scores) if scores else None

    @property
    def attempts_left(self) -> int:
        return max(0, self.attempts_allowed - self.attempts_used)

    next_attempt_at: datetime | None = None
    # The program's resit policy, once the failures fill a round (else None: nothing to ask).
    resit: ResitState | None = None
    # The number of the failed attempt that closed the last used-up round (0: first round).
    round_after_number: int = 0

    def what_reopens(self) -> str:
        if self.resit is not None:
            return self.resit.what_reopens()
        return f"All {self.attempts_allowed} attempts have been used."


def _accommodation_sum(candidate, field_name: str) -> Subquery:
    return Subquery(
        Accommodation.objects.filter(exam=OuterRef("pk"), candidate=candidate)
        .values("exam")
        .annotate(total=Sum(field_name))
        .values("total")
    )


def active_exam_for(program: TrainingProgram, candidate) -> WrittenExam | None:
    """The active exam with the candidate's accommodations summed on it (`extra_minutes_for`,
    `extra_attempts_for`): what `attempts_summary` would read on its own, in the same query."""
    return (
        WrittenExam.objects.filter(program=program, is_active=True)
        .select_related("program")
        .annotate(
            extra_minutes_for=_accommodation_sum(candidate, "extra_minutes"),
            extra_attempts_for=_accommodation_sum(candidate, "extra_attempts"),
        )
        .first()
    )


def attempts_summary(
    exam: WrittenExam, candidate, *, since: datetime | None = None
) -> AttemptsSummary:
    """The candidate's attempts and what they allow next. `since`: the moment the candidate's
    certificate lapsed (`accounts.events.results_since`): earlier attempts neither pass nor use
    up a round; the exam is sat afresh."""
    every = list(Attempt.objects.filter(exam=exam, candidate=candidate).order_by("number"))
    attempts = [a for a in every if since is None or a.started_at >= since]
    if hasattr(exam, "extra_minutes_for"):  # read with the exam (active_exam_for)
        extra = {"minutes": exam.extra_minutes_for, "attempts": exam.extra_attempts_for}
    else:
        extra = Accommodation.objects.filter(exam=exam, candidate=candidate).aggregate(
            minutes=Sum("extra_minutes"), attempts=Sum("extra_attempts")
        )
    summary = AttemptsSummary(
        attempts,
        exam.attempts_allowed + (extra["attempts"] or 0),
        extra["minutes"] or 0,
        last_number=max((a.number for a in every), default=0),
        counting_since=since,
    )
    last = max((a.submitted_at for a in summary.submitted if a.submitted_at), default=None)
    if last is not None:
        summary.next_attempt_at = last + timedelta(hours=exam.wait_hours_between_attempts)
    failed = sorted(
        (a for a in summary.submitted if not a.passed and a.submitted_at), key=lambda a: a.number
    )
    failures = [a.submitted_at for a in failed]
    if len(failures) >= summary.attempts_allowed:
        # A round is used up: the program says what opens the next one (1 or 2 more queries).
        summary.resit = resit_state(
            candidate=candidate,
            program=exam.program,
            failures=failures,
            allowed=summary.attempts_allowed,
            wait=timedelta(hours=exam.wait_hours_between_attempts),
            policy=exam.program.written_after_last_failure,
        )
        before_round = len(failed) - summary.resit.attempts_used
        if summary.resit.round_started_at is not None and before_round > 0:
            summary.round_after_number = failed[before_round - 1].number
    return summary


@dataclass
class WrittenExamStatus:
    """Step 4a of the pathway for one applicant and program."""

    unlocked: bool = False
    passed: bool = False
    attempts_used: int = 0
    attempts_allowed: int = 0
    best_score_percent: int | None = None
    missing: list[str] = field(default_factory=list)
    action_label: str = ""
    action_url: str = ""
    exam: WrittenExam | None = None
    in_progress: bool = False
    next_attempt_at: datetime | None = None
    attempts: list[Attempt] = field(default_factory=list)
    # The holder's certificate lapsed at this moment: the exam is sat again (None: it did not).
    resit_since: datetime | None = None


_UNREAD = object()


def written_exam_status(
    applicant,
    program: TrainingProgram,
    *,
    enrollment=_UNREAD,
    theory_done: bool | None = None,
    results_since=_UNREAD,
) -> WrittenExamStatus:
    """Whether the applicant may sit the program's written exam, has passed it, and what is
    missing. At most 6 queries, however many attempts there are; 3 when the caller (the
    pathway) passes what it already read: the current `enrollment` (None: not enrolled) and
    whether its theory is complete (`theory_done`).

    It reads the state as stored: an open attempt past its deadline counts as in progress until
    one of the submission paths (a page, the deadline task, the sweep) submits it.
    `results_since`: from when attempts count (a lapsed certificate), read if not given.
    """
    status = WrittenExamStatus(action_url=reverse("exams:written_home"))
    exam = active_exam_for(program, applicant)
    if exam is None:
        status.missing = [f"{program} has no written exam yet"]
        return status
    status.exam = exam
    status.attempts_allowed = exam.attempts_allowed
    if enrollment is _UNREAD:
        enrollment = current_enrollment(applicant, program)
    if enrollment is None or enrollment.status not in COUNTING_STATUSES:
        status.missing = [f"enroll in {program}"]
        return status
    if theory_done is None:
        theory_done = theory_progress(enrollment).is_complete
    if not theory_done:
        status.missing = [f"complete every theory module of {program}"]
        return status
    status.unlocked = True
    if results_since is _UNREAD:
        results_since = events.results_since(applicant=applicant, program=program)
    status.resit_since = results_since
    summary = attempts_summary(exam, applicant, since=results_since)
    status.passed = summary.passed
    status.attempts_used = summary.attempts_used
    status.attempts_allowed = summary.attempts_allowed
    status.best_score_percent = summary.best_score_percent
    status.in_progress = summary.open_attempt is not None
    status.next_attempt_at = summary.next_attempt_at
    status.attempts = summary.attempts
    if status.passed:
        status.action_label = "See your written exam result"
    elif status.in_progress:
        status.missing = ["finish the written exam attempt in progress"]
        status.action_label = "Continue the written exam"
    elif summary.attempts_left == 0:
        status.missing = [f"pass the written exam. {summary.what_reopens()}"]
        status.action_label = "Your written exam results"
    elif results_since is not None and not summary.attempts:
        status.missing = ["pass the written exam again (your certificate lapsed)"]
        status.action_label = "Sit the written exam again"
    else:
        status.missing = ["pass the written exam"]
        status.action_label = "Sit the written exam" if not summary.attempts else "Try again"
    return status


def candidate_written_exams(applicant) -> list[WrittenExamStatus]:
    """The written exam of each program the applicant is enrolled in (or completed)."""
    programs = TrainingProgram.objects.filter(
        pk__in=applicant.enrollments.filter(status__in=COUNTING_STATUSES).values("program_id")
    )
    return [written_exam_status(applicant, program) for program in programs]


# --- an attempt ---------------------------------------------------------------------------------


@dataclass
class ShownOption:
    index: int  # what the page posts: the option's position as shown
    text: str
    chosen: bool
    # Filled in for the review only, after submission:
    correct: bool = False
    feedback: str = ""


@dataclass
class ShownItem:
    position: int
    stem: str
    multiple: bool
    options: list[ShownOption]
    topic: str
    vignette_title: str = ""
    vignette_text: str = ""  # set on the first sub-question of a case only
    answered: bool = False
    is_correct: bool | None = None
    explanation: str = ""


def _items(attempt: Attempt) -> list[AttemptItem]:
    return list(
        AttemptItem.objects.filter(attempt=attempt)
        .select_related("question__vignette", "version__topic")
        .order_by("position")
    )


def attempt_items(attempt: Attempt, *, review: str = "") -> list[ShownItem]:
    """The items as the candidate sees them (1 query). Before submission only what the page
    needs to be answered: wording, options in the candidate's order, their own choices. The
    key and the explanations are added only for a submitted attempt, as far as `review`
    (the exam's review policy) allows."""
    submitted = attempt.status == Attempt.Status.SUBMITTED
    marked = submitted and review in (WrittenExam.Review.MARKED, WrittenExam.Review.FULL)
    full = submitted and review == WrittenExam.Review.FULL
    shown, last_case = [], None
    for item in _items(attempt):
        version = item.version
        texts = {o["key"]: o for o in version.options}
        options = []
        for index, key in enumerate(item.option_order):
            option = ShownOption(index, texts[key]["text"], key in item.selected)
            if full:
                option.correct = key in version.correct
                option.feedback = texts[key].get("feedback", "")
            options.append(option)
        vignette = item.question.vignette
        entry = ShownItem(
            position=item.position,
            stem=version.stem,
            multiple=item.question.is_multiple,
            options=options,
            topic=version.topic.name,
            answered=bool(item.selected),
        )
        if vignette is not None:
            entry.vignette_title = vignette.title
            if vignette.pk != last_case:
                entry.vignette_text = vignette.text
        last_case = vignette.pk if vignette else None
        if marked:
            entry.is_correct = item.is_correct
        if full:
            entry.explanation = version.explanation
        shown.append(entry)
    return shown


# --- the bank and the exams (program admins) ----------------------------------------------------


def bank_questions() -> QuerySet[Question]:
    """The question bank by topic, then code (exams/filters.py `BankFilter` narrows it)."""
    return (
        Question.objects.select_related("current_version__topic", "vignette")
        .annotate(version_count=Count("versions"))
        .order_by("current_version__topic__position", "code")
    )


def questions_matching(questions: QuerySet[Question], text: str) -> QuerySet[Question]:
    """Those whose code or current wording contains `text`."""
    return questions.filter(Q(code__icontains=text) | Q(current_version__stem__icontains=text))


def corrections_for_admin() -> QuerySet[ItemCorrection]:
    """Proposed and decided key corrections, newest first."""
    return ItemCorrection.objects.select_related(
        "version__question", "proposed_by", "decided_by"
    ).order_by("-proposed_at", "-id")


def question_versions(question: Question) -> list[QuestionVersion]:
    return list(question.versions.select_related("topic", "created_by").order_by("-number"))


def exams_for_admin() -> QuerySet[WrittenExam]:
    return (
        WrittenExam.objects.select_related("program")
        .annotate(
            submitted=Count("attempts", filter=Q(attempts__status=Attempt.Status.SUBMITTED)),
            passed=Count("attempts", filter=Q(attempts__passed=True)),
            questions=Sum("blueprint__count"),
        )
        .order_by("program__name", "-is_active", "-created_at")
    )


@dataclass
class RowAvailability:
    row: BlueprintRow
    available: int

    @property
    def enough(self) -> bool:
        return self.available >= self.row.count


def blueprint_availability(exam: WrittenExam) -> list[RowAvailability]:
    """Each blueprint row with how many active questions could fill it (2 queries)."""
    rows = list(exam.blueprint.select_related("topic"))
    counts: dict[tuple[int, str], int] = {}
    for topic_id, difficulty, n in (
        QuestionVersion.objects.filter(
            question__is_active=True, question__current_version_id=F("id")
        )
        .values_list("topic_id", "difficulty")
        .annotate(n=Count("id"))
    ):
        counts[(topic_id, difficulty)] = n
    result = []
    for row in rows:
        available = sum(
            n for (topic_id, difficulty), n in counts.items() if row.accepts(topic_id, difficulty)
        )
        result.append(RowAvailability(row, available))
    return result


def accommodations_of(exam: WrittenExam) -> QuerySet[Accommodation]:
    return exam.accommodations.select_related("candidate", "granted_by")
