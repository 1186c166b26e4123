"""Figures over the examiners' submitted forms: the borderline regression of a rubric, the
examiners' stringency, and the agreement between examiners who scored the same sitting.

Each function reads its rows in one query and computes in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from statistics import fmean

from ..models.practical import GLOBAL_RATING_VALUE, ExaminerAssignment, Rubric, percent

SUBMITTED = ExaminerAssignment.Status.SUBMITTED


# --- borderline regression ----------------------------------------------------------------------


@dataclass
class Regression:
    """The examiners' weighted totals regressed on their global ratings (clear fail = 0,
    borderline = 1, clear pass = 2); the cut is the predicted total at borderline."""

    n: int
    slope: Decimal | None = None
    intercept: Decimal | None = None
    cut: Decimal | None = None
    why_not: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def regression_from_points(points: list[tuple[int, float]]) -> Regression:
    """Least squares of y on x over (x, y) points."""
    n = len(points)
    if n < 2:
        return Regression(n, why_not="at least two submitted forms are needed.")
    mean_x = fmean(x for x, _ in points)
    mean_y = fmean(y for _, y in points)
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return Regression(
            n, why_not="every form has the same global rating; the ratings must differ."
        )
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    cut = min(max(intercept + slope * 1, 0.0), 100.0)
    return Regression(
        n,
        slope=Decimal(str(round(slope, 3))),
        intercept=Decimal(str(round(intercept, 3))),
        cut=percent(str(round(cut, 4))),
    )


def borderline_regression(rubric: Rubric) -> Regression:
    """Over every submitted form of any version of `rubric`: one query."""
    rows = ExaminerAssignment.objects.filter(
        status=SUBMITTED, sitting__rubric_version__rubric=rubric
    ).values_list("global_rating", "weighted_score")
    points = [(GLOBAL_RATING_VALUE[rating], float(score)) for rating, score in rows]
    regression = regression_from_points(points)
    counts = defaultdict(int)
    for x, _ in points:
        counts[x] += 1
    regression.counts = {
        label: counts[value]
        for label, value in (("clear fail", 0), ("borderline", 1), ("clear pass", 2))
    }
    return regression


# --- examiners and agreement --------------------------------------------------------------------


@dataclass
class ExaminerRow:
    examiner_id: int
    name: str
    sittings: int = 0
    mean_score: Decimal | None = None
    shared_sittings: int = 0
    # Mean of (own score - mean of the co-examiners' scores) on shared sittings:
    # below zero the examiner is stricter than their colleagues, above it more lenient.
    stringency: Decimal | None = None


@dataclass
class RubricRow:
    rubric_id: int
    name: str
    shared_sittings: int = 0
    pairs: int = 0
    agreement_percent: Decimal | None = None
    kappa: Decimal | None = None
    correlation: Decimal | None = None


@dataclass
class PracticalReport:
    examiners: list[ExaminerRow]
    rubrics: list[RubricRow]


def _kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of two raters' pass/fail verdicts (the first and second of each pair)."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first_yes = sum(a for a, _ in pairs) / n
    second_yes = sum(b for _, b in pairs) / n
    expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
    if expected == 1:
        return None  # every verdict the same: agreement by chance alone cannot be told apart
    return (observed - expected) / (1 - expected)


def _correlation(pairs: list[tuple[float, float]]) -> float | None:
    if len(pairs) < 2:
        return None
    mean_a = fmean(a for a, _ in pairs)
    mean_b = fmean(b for _, b in pairs)
    sab = sum((a - mean_a) * (b - mean_b) for a, b in pairs)
    saa = sum((a - mean_a) ** 2 for a, _ in pairs)
    sbb = sum((b - mean_b) ** 2 for _, b in pairs)
    if not saa or not sbb:
        return None
    return sab / (saa * sbb) ** 0.5


def _rounded(value: float | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places))


def practical_report(*, program_id: int | None = None) -> PracticalReport:
    """Per examiner and per rubric, over submitted forms (of `program_id` if given): 1 query."""
    forms = ExaminerAssignment.objects.filter(status=SUBMITTED)
    if program_id:
        forms = forms.filter(sitting__program_id=program_id)
    rows = list(
        forms.order_by("sitting_id", "id").values(
            "sitting_id",
            "examiner_id",
            "examiner__full_legal_name",
            "weighted_score",
            "verdict_passed",
            "sitting__rubric_version__rubric_id",
            "sitting__rubric_version__rubric__name",
        )
    )
    by_sitting = defaultdict(list)
    examiners: dict[int, ExaminerRow] = {}
    given = defaultdict(list)
    differences = defaultdict(list)
    for row in rows:
        by_sitting[row["sitting_id"]].append(row)
        examiner_id = row["examiner_id"]
        examiners.setdefault(
            examiner_id, ExaminerRow(examiner_id, row["examiner__full_legal_name"])
        )
        given[examiner_id].append(float(row["weighted_score"]))

    rubrics: dict[int, RubricRow] = {}
    verdict_pairs = defaultdict(list)
    score_pairs = defaultdict(list)
    for forms_of_sitting in by_sitting.values():
        if len(forms_of_sitting) < 2:
            continue
        for form in forms_of_sitting:
            others = [float(o["weighted_score"]) for o in forms_of_sitting if o is not form]
            differences[form["examiner_id"]].append(float(form["weighted_score"]) - fmean(others))
        rubric_id = forms_of_sitting[0]["sitting__rubric_version__rubric_id"]
        rubric = rubrics.setdefault(
            rubric_id,
            RubricRow(rubric_id, forms_of_sitting[0]["sitting__rubric_version__rubric__name"]),
        )
        rubric.shared_sittings += 1
        for first, second in combinations(forms_of_sitting, 2):
            score_pairs[rubric_id].append(
                (float(first["weighted_score"]), float(second["weighted_score"]))
            )
            if first["verdict_passed"] is not None and second["verdict_passed"] is not None:
                verdict_pairs[rubric_id].append((first["verdict_passed"], second["verdict_passed"]))

    for examiner_id, row in examiners.items():
        row.sittings = len(given[examiner_id])
        row.mean_score = _rounded(fmean(given[examiner_id]))
        if differences[examiner_id]:
            row.shared_sittings = len(differences[examiner_id])
            row.stringency = _rounded(fmean(differences[examiner_id]))
    for rubric_id, rubric in rubrics.items():
        pairs = verdict_pairs[rubric_id]
        rubric.pairs = len(score_pairs[rubric_id])
        if pairs:
            rubric.agreement_percent = _rounded(100 * sum(a == b for a, b in pairs) / len(pairs))
            rubric.kappa = _rounded(_kappa(pairs))
        rubric.correlation = _rounded(_correlation(score_pairs[rubric_id]))
    return PracticalReport(
        examiners=sorted(examiners.values(), key=lambda r: r.name),
        rubrics=sorted(rubrics.values(), key=lambda r: r.name),
    )


# --- the plot -----------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: Decimal
    y: int
    x: float
    width: float
    lenient: bool
    text_x: float = 0
    text_anchor: str = "start"


@dataclass
class StringencyChart:
    """A horizontal bar per examiner, from a zero line: left stricter, right more lenient."""

    bars: list[Bar]
    width: int
    height: int
    zero_x: float
    scale_max: Decimal
    label_width: int = 180
    bar_height: int = 22
    row_height: int = 32


def stringency_chart(rows: list[ExaminerRow], *, plot_width: int = 420) -> StringencyChart:
    rows = [r for r in rows if r.stringency is not None]
    limit = max([abs(r.stringency) for r in rows] + [Decimal(5)])
    half = plot_width / 2
    chart = StringencyChart([], 0, 0, 0, limit)
    # 50 px each side of the bars for their value labels.
    chart.zero_x = chart.label_width + 50 + half
    chart.width = chart.label_width + plot_width + 100
    chart.height = chart.row_height * len(rows) + 40
    for index, row in enumerate(rows):
        length = float(abs(row.stringency) / limit) * half
        lenient = row.stringency >= 0
        chart.bars.append(
            Bar(
                label=row.name,
                value=row.stringency,
                y=20 + index * chart.row_height,
                x=round(chart.zero_x if lenient else chart.zero_x - length, 1),
                width=round(length, 1),
                lenient=lenient,
                text_x=round(
                    chart.zero_x + length + 4 if lenient else chart.zero_x - length - 4, 1
                ),
                text_anchor="start" if lenient else "end",
            )
        )
    return chart
