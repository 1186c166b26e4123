"""Monthly figures for the board: applications, license verifications, written and practical
pass rates (per exam and per examiner), certificates issued, renewed and revoked.

Each figure is one GROUP BY month (TruncMonth in the site's time zone) over the whole range:
seven queries, whatever the number of months or rows. Verifications and revocations are counted
from the audit trail (the record of the decision: a license verified then expired, or a
certificate revoked then reinstated, still counts in its month)."""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from accounts.models import AuditEntry
from exams.models import Attempt, ExaminerAssignment, PracticalSitting
from programs.models import Enrollment

from ..models import Certificate
from .registry import end_of

MAX_MONTHS = 36
VERIFIED_ACTIONS = ("license.verified", "license.verified_on_appeal")


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month += relativedelta(months=1)
    return months


def _month(value) -> date:
    return date(value.year, value.month, 1)


@dataclass
class Rate:
    passed: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.passed / self.total) if self.total else None


@dataclass
class MonthRow:
    month: date
    applications: int = 0
    verifications: int = 0
    written: Rate = field(default_factory=Rate)
    practical: Rate = field(default_factory=Rate)
    issued: int = 0
    renewed: int = 0
    revoked: int = 0


@dataclass
class BreakdownRow:
    """One exam's or examiner's pass rate in one month."""

    month: date
    name: str
    rate: Rate


@dataclass
class MonthlyFigures:
    months: list[MonthRow]
    written_by_exam: list[BreakdownRow]
    practical_by_exam: list[BreakdownRow]
    practical_by_examiner: list[BreakdownRow]


def _counts(queryset, moment: str, **extra) -> list[dict]:
    return list(
        queryset.annotate(month=TruncMonth(moment))
        .order_by()
        .values("month", *extra.pop("by", ()))
        .annotate(**extra)
        .order_by("month")
    )


def monthly_figures(first_month: date, last_month: date) -> MonthlyFigures:
    months = months_between(first_month, last_month)
    start = end_of(months[0] - relativedelta(days=1))
    end = end_of(months[-1] + relativedelta(months=1, days=-1))
    rows = {month: MonthRow(month) for month in months}
    passed = Count("pk", filter=Q(passed=True))

    for row in _counts(
        Enrollment.objects.filter(applied_at__gte=start, applied_at__lt=end),
        "applied_at",
        n=Count("pk"),
    ):
        rows[_month(row["month"])].applications = row["n"]
    for row in _counts(
        AuditEntry.objects.filter(action__in=VERIFIED_ACTIONS, at__gte=start, at__lt=end),
        "at",
        n=Count("pk"),
    ):
        rows[_month(row["month"])].verifications = row["n"]

    written_by_exam = []
    attempts = Attempt.objects.filter(
        status=Attempt.Status.SUBMITTED,
        passed__isnull=False,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    for row in _counts(
        attempts, "submitted_at", by=("exam__title", "exam_id"), passed=passed, total=Count("pk")
    ):
        rate = Rate(row["passed"], row["total"])
        month = rows[_month(row["month"])]
        month.written = Rate(month.written.passed + rate.passed, month.written.total + rate.total)
        written_by_exam.append(BreakdownRow(month.month, row["exam__title"], rate))

    practical_by_exam = []
    sittings = PracticalSitting.objects.filter(
        status__in=PracticalSitting.FINAL, result_at__gte=start, result_at__lt=end
    )
    sitting_passed = Count("pk", filter=Q(status=PracticalSitting.Status.PASSED))
    for row in _counts(
        sittings,
        "result_at",
        by=("rubric_version__rubric__name", "rubric_version__rubric_id"),
        passed=sitting_passed,
        total=Count("pk"),
    ):
        rate = Rate(row["passed"], row["total"])
        month = rows[_month(row["month"])]
        month.practical = Rate(
            month.practical.passed + rate.passed, month.practical.total + rate.total
        )
        practical_by_exam.append(
            BreakdownRow(month.month, row["rubric_version__rubric__name"], rate)
        )

    # Per examiner: the results of the sittings they scored (a submitted form), in the month
    # of the result.
    practical_by_examiner = []
    assignments = ExaminerAssignment.objects.filter(
        status=ExaminerAssignment.Status.SUBMITTED,
        sitting__status__in=PracticalSitting.FINAL,
        sitting__result_at__gte=start,
        sitting__result_at__lt=end,
    )
    for row in _counts(
        assignments,
        "sitting__result_at",
        by=("examiner__full_legal_name", "examiner_id"),
        passed=Count("pk", filter=Q(sitting__status=PracticalSitting.Status.PASSED)),
        total=Count("pk"),
    ):
        practical_by_examiner.append(
            BreakdownRow(
                _month(row["month"]),
                row["examiner__full_legal_name"],
                Rate(row["passed"], row["total"]),
            )
        )

    for row in _counts(
        Certificate.objects.filter(issued_at__gte=start, issued_at__lt=end),
        "issued_at",
        n=Count("pk"),
        renewed=Count("pk", filter=Q(renews__isnull=False)),
    ):
        month = rows[_month(row["month"])]
        month.issued, month.renewed = row["n"], row["renewed"]
    # Revocations of certificates in force (a renewal revoked while still being prepared
    # goes with its certificate and is not counted twice).
    for row in _counts(
        AuditEntry.objects.filter(
            action="certificate.revoked",
            from_state=Certificate.Status.ISSUED,
            at__gte=start,
            at__lt=end,
        ),
        "at",
        n=Count("pk"),
    ):
        rows[_month(row["month"])].revoked = row["n"]

    by_month_then_name = lambda row: (row.month, row.name)  # noqa: E731
    return MonthlyFigures(
        months=list(rows.values()),
        written_by_exam=sorted(written_by_exam, key=by_month_then_name),
        practical_by_exam=sorted(practical_by_exam, key=by_month_then_name),
        practical_by_examiner=sorted(practical_by_examiner, key=by_month_then_name),
    )


# --- charts: drawn on the server as SVG (no script, no inline style), the table beside them ---


@dataclass
class ChartBar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int


@dataclass
class ChartLabel:
    x: float
    text: str


@dataclass
class BarChart:
    """Grouped bars per month: one colour per series, a legend and an accessible summary."""

    width: int
    height: int
    plot_top: int
    plot_bottom: int
    bars: list[ChartBar]
    labels: list[ChartLabel]
    series: list[str]
    maximum: int
    summary: str


def bar_chart(
    months: list[date], series: dict[str, list[int | None]], *, suffix="", scale: int = 0
) -> BarChart:
    """`series`: name -> one value per month (None: nothing to show that month); `scale`: the
    top of the axis (100 for percentages), else the largest value."""
    # At least 44 px a month, so that the month labels ("Dec 25") never run into each other.
    group = max(44, 14 * len(series) + 10)
    width = max(320, 40 + group * len(months))
    plot_top, plot_bottom = 16, 150
    values = [v for column in series.values() for v in column if v is not None]
    maximum = scale or max(values + [1])
    bars, labels = [], []
    for index, month in enumerate(months):
        left = 40 + index * group
        labels.append(ChartLabel(left + (group - 10) / 2, f"{month:%b %y}"))
        for number, column in enumerate(series.values()):
            value = column[index]
            if value is None:
                continue
            height = round((plot_bottom - plot_top) * value / maximum, 1)
            bars.append(
                ChartBar(left + number * 14, plot_bottom - height, 12, height, value, number)
            )
    summary = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{month:%b %Y} {'–' if v is None else f'{v}{suffix}'}"
            for month, v in zip(months, column, strict=True)
        )
        for name, column in series.items()
    )
    return BarChart(
        width, plot_bottom + 40, plot_top, plot_bottom, bars, labels, list(series), maximum, summary
    )


def charts(figures: MonthlyFigures) -> dict[str, BarChart]:
    months = [row.month for row in figures.months]
    return {
        "activity": bar_chart(
            months,
            {
                "Applications": [row.applications for row in figures.months],
                "Certificates issued": [row.issued for row in figures.months],
                "Revoked": [row.revoked for row in figures.months],
            },
        ),
        "pass_rates": bar_chart(
            months,
            {
                "Written pass rate": [row.written.percent for row in figures.months],
                "Practical pass rate": [row.practical.percent for row in figures.months],
            },
            suffix="%",
            scale=100,
        ),
    }
