"""The examiner's list of score forms: the forms to score and the submitted history, each paged,
in three queries whatever the examiner's history (both counts, a page of each).

The rows are plain values, not model instances: the busiest examiner of a national body has
over a thousand forms, and building five models per row (form, sitting, candidate, program,
rubric) and formatting them in the template cost more than the SQL. Each row carries what the
page prints, formatted once here."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.compiled_reads import CompiledRead
from accounts.listing import RowDates
from accounts.models import User
from programs.models import TrainingProgram

from ..models.practical import ExaminerAssignment, PracticalSitting, RubricVersion

# A form to score: a draft of a sitting still awaiting scores, not of one closed without a
# result (cancelled or did-not-attend), whose draft stays unscored.
TO_SCORE = Q(
    status=ExaminerAssignment.Status.DRAFT, sitting__status=PracticalSitting.Status.SCHEDULED
)
SUBMITTED = Q(status=ExaminerAssignment.Status.SUBMITTED)

# What a row shows, read with the form: its sitting, candidate, program and rubric version.
_ROW_VALUES = (
    "pk",
    "sitting_id",
    "submitted_at",
    "weighted_score",
    "sitting__starts_at",
    "sitting__duration_minutes",
    "sitting__place",
    "sitting__candidate__full_legal_name",
    "program",
    "rubric",
    "rubric_number",
)


def _with_labels(forms: QuerySet) -> QuerySet:
    """The program's and the rubric version's names as a row's own subqueries rather than
    three more joins: PostgreSQL planned the six tables' join in 3-15 ms on every view of the
    national seed (the plan's search grows with the tables joined), the three tables and the
    subqueries in under 1 ms, for the same execution time."""
    # Unordered: the models' default orderings would sort each one-row subquery, and the
    # version's joins its rubric's program to do so.
    version = RubricVersion.objects.filter(pk=OuterRef("sitting__rubric_version_id")).order_by()
    program = TrainingProgram.objects.filter(pk=OuterRef("sitting__program_id")).order_by()
    return forms.annotate(
        program=Subquery(program.values("name")),
        rubric=Subquery(version.values("rubric__name")),
        rubric_number=Subquery(version.values("number")),
    ).values_list(*_ROW_VALUES)


@dataclass(frozen=True, slots=True)
class FormRow:
    pk: int
    sitting_id: int
    url: str
    sitting_starts: str  # as the template's date:"j M Y H:i" writes it
    duration_minutes: str
    place: str
    candidate: str
    program: str
    rubric: str  # the rubric version, as str(RubricVersion) writes it
    submitted: str
    score: str  # the weighted score to one decimal, or a dash before there is one


def forms_to_score(examiner: User) -> QuerySet:
    """The examiner's forms to score, the nearest sitting first: the work, listed on its own
    so it never drifts behind the history."""
    return _with_labels(
        ExaminerAssignment.objects.filter(TO_SCORE, examiner=examiner).order_by(
            "sitting__starts_at", "id"
        )
    )


def scored_forms(examiner: User) -> QuerySet:
    """The examiner's submitted (locked) forms, the latest submission first. Ordered by the
    form's own `submitted_at` (not the sitting's date) so the index on (examiner, status,
    -submitted_at, -id) yields a page without joining every form to its sitting first; the
    join then runs for the page's rows only."""
    return _with_labels(
        ExaminerAssignment.objects.filter(SUBMITTED, examiner=examiner).order_by(
            "-submitted_at", "-id"
        )
    )


def _count(which: Q) -> Coalesce:
    return Coalesce(
        Subquery(
            ExaminerAssignment.objects.filter(which, examiner=OuterRef("pk"))
            .order_by()
            .values("examiner")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
        output_field=IntegerField(),
    )


def form_counts(examiner: User) -> tuple[int, int]:
    """How many forms the examiner has to score and has submitted: one query, each count an
    index scan of its own. A single aggregate with filtered counts joins every one of the
    examiner's forms to its sitting to count the drafts: PostgreSQL then scanned all 48k
    sittings of the national seed (42 ms against ~1 ms)."""
    (row,) = _COUNTS.rows(examiner=examiner.pk)
    return row[0], row[1]


# The page's three statements, compiled once per process (accounts/compiled_reads.py): building
# and compiling them took ~6 ms of CPU a view on the national seed, running them ~1 ms.
_COUNTS = CompiledRead(
    lambda examiner: User.objects.filter(pk=examiner).values_list(
        _count(TO_SCORE), _count(SUBMITTED)
    )
)
_TO_SCORE = CompiledRead(forms_to_score)
_SCORED = CompiledRead(scored_forms)


@dataclass
class ExaminerForms:
    to_score: Page
    history: Page


def examiner_forms(examiner: User, *, to_score_page, history_page) -> ExaminerForms:
    """Both lists of the examiner's page, PAGE_SIZE rows each (a bad page number: the nearest
    page, as Paginator.get_page does): three queries."""
    to_score_count, submitted_count = form_counts(examiner)
    row = _RowMaker()
    return ExaminerForms(
        to_score=_page(_TO_SCORE, examiner, to_score_count, to_score_page, row),
        history=_page(_SCORED, examiner, submitted_count, history_page, row),
    )


def _page(statement: CompiledRead, examiner: User, count: int, number, row) -> Page:
    paginator = Paginator(_Rows(statement, examiner), settings.PAGE_SIZE)
    paginator.count = count  # counted already, with the other list's count (a cached property)
    page = paginator.get_page(number)
    page.object_list = [row(values) for values in page.object_list]
    return page


class _Rows:
    """A list's rows as the paginator cuts them: the page's slice is the statement's run."""

    def __init__(self, statement: CompiledRead, examiner: User):
        self.statement, self.examiner = statement, examiner

    def __getitem__(self, cut: slice) -> list[tuple]:
        if cut.stop <= cut.start:
            return []  # an empty list's page: nothing to read
        return self.statement.rows(
            examiner=self.examiner.pk, limit=cut.stop - cut.start, offset=cut.start
        )


def _one_decimal(score: Decimal) -> str:
    """As `floatformat:1` writes a score (half up: 81.25 is 81.3), at a twentieth of its cost."""
    return str(score.quantize(_TENTH, ROUND_HALF_UP))


_TENTH = Decimal("0.1")


class _RowMaker:
    """Rows of one page: what is the same for every row (the link's pattern, the months'
    names) is worked out once, not once per row as `{% url %}` and `|date` do."""

    def __init__(self):
        marker = 987654321
        self.link = reverse("exams:score_form", args=[marker]).partition(str(marker))
        self.dates = RowDates()

    def __call__(self, values: tuple) -> FormRow:
        pk, sitting_id, submitted_at, score, starts_at, duration, place, candidate, *labels = values
        program, rubric, number = labels
        head, _, tail = self.link
        return FormRow(
            pk=pk,
            sitting_id=sitting_id,
            url=f"{head}{pk}{tail}",
            sitting_starts=self.dates.minute(starts_at),
            duration_minutes=str(duration),
            place=place,
            candidate=candidate,
            program=program,
            rubric=f"{rubric} v{number}",
            submitted=self.dates.minute(submitted_at) if submitted_at else "",
            score="–" if score is None else _one_decimal(score),
        )
