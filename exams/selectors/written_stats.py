"""Item analysis of a written exam, computed in plain Python from 3 queries.

Definitions (classical test theory; every item is scored 0/1, see models.written):
- facility p: the proportion of the attempts that drew the item and answered it correctly.
- discrimination: the *corrected* point-biserial correlation, i.e. the Pearson correlation
  between the item (0/1) and the candidate's total score *without that item*, over the attempts
  that drew it (the uncorrected one is inflated by the item's own point). Alongside it, the
  upper-lower index D = p(upper 27%) - p(lower 27%), the groups ranked by total score.
- an item is flagged when its point-biserial is below 0.2 (that includes negative), and only
  once it has at least `min_responses` responses (default 30, the setting
  WRITTEN_ITEM_FLAG_MIN_RESPONSES): on a handful of responses the correlation is noise, and an
  item drawn 4 times would be flagged or cleared by chance.
- scores are raw points (items correct); variances are population variances (divide by N),
  the same as in the KR-20 formula.
- KR-20 = k/(k-1) * (1 - sum(p*q) / variance). Attempts draw their own questions, so k is the
  mean number of items per attempt and sum(p*q) the mean, over attempts, of the p*q of the items
  each drew; with one fixed form (every attempt the same items) this is the textbook KR-20.
- SEM = SD * sqrt(1 - KR-20), in points and in percent.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from ..models.written import Attempt, AttemptItem, QuestionVersion, WrittenExam

FLAG_BELOW = 0.2
# Fewer responses than this and the point-biserial is too unstable to flag an item on.
MIN_RESPONSES_TO_FLAG = 30


def min_responses_to_flag() -> int:
    return getattr(settings, "WRITTEN_ITEM_FLAG_MIN_RESPONSES", MIN_RESPONSES_TO_FLAG)


@dataclass(frozen=True)
class Response:
    attempt_id: int
    item: int  # a question version's id: the item as candidates saw it
    correct: bool
    selected: tuple[str, ...] = ()


@dataclass
class ItemStats:
    item: int
    n: int
    facility: float
    point_biserial: float | None
    upper_lower: float | None
    option_counts: dict[str, int]
    unanswered: int
    version: QuestionVersion | None = None
    min_responses: int = MIN_RESPONSES_TO_FLAG

    @property
    def enough_responses(self) -> bool:
        return self.n >= self.min_responses

    @property
    def flagged(self) -> bool:
        return (
            self.enough_responses
            and self.point_biserial is not None
            and self.point_biserial < FLAG_BELOW
        )

    def options(self) -> list[tuple[str, str, int, bool]]:
        """(key, text, times chosen, is correct) for the page."""
        if self.version is None:
            return [(k, k, n, False) for k, n in sorted(self.option_counts.items())]
        return [
            (
                o["key"],
                o["text"],
                self.option_counts.get(o["key"], 0),
                o["key"] in self.version.correct,
            )
            for o in self.version.options
        ]


@dataclass
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass
class ExamStats:
    attempts: int = 0
    mean: float | None = None  # points
    sd: float | None = None  # points, population
    mean_percent: float | None = None
    sd_percent: float | None = None
    items_per_attempt: float | None = None
    kr20: float | None = None
    sem: float | None = None  # points
    sem_percent: float | None = None
    pass_rate: float | None = None
    histogram: list[tuple[str, int]] = field(default_factory=list)
    items: list[ItemStats] = field(default_factory=list)
    pass_mark_percent: int | None = None
    min_responses: int = MIN_RESPONSES_TO_FLAG

    # The histogram's drawing area in the SVG's viewBox (0 0 600 240): bars stand on the
    # baseline and the tallest reaches CHART_TOP, leaving room above it for its count.
    CHART_WIDTH = 600
    CHART_TOP = 24
    CHART_BASELINE = 210

    def bars(self) -> list[Bar]:
        """Geometry of the histogram's bars for the inline SVG (server-rendered, no JS)."""
        if not self.histogram:
            return []
        top = max(count for _, count in self.histogram) or 1
        slot = self.CHART_WIDTH / len(self.histogram)
        span = self.CHART_BASELINE - self.CHART_TOP
        bars = []
        for n, (label, count) in enumerate(self.histogram):
            height = round(span * count / top, 1)
            bars.append(
                Bar(
                    label,
                    count,
                    round(n * slot + 2, 1),
                    round(self.CHART_BASELINE - height, 1),
                    round(slot - 4, 1),
                    height,
                )
            )
        return bars

    @property
    def pass_mark_x(self) -> float | None:
        """Where the pass mark falls on the histogram's percent axis (0 to 100 across)."""
        if self.pass_mark_percent is None:
            return None
        return round(self.CHART_WIDTH * self.pass_mark_percent / 100, 1)

    @property
    def flagged_count(self) -> int:
        return sum(item.flagged for item in self.items)


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs) / n)
    sy = math.sqrt(sum((y - my) ** 2 for y in ys) / n)
    if sx == 0 or sy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n * sx * sy)


def histogram(percents: list[float], bins: int = 10) -> list[tuple[str, int]]:
    """Counts of scores in bins of 10 percent: 0-9, 10-19, ..., 90-100."""
    width = 100 / bins
    counts = [0] * bins
    for percent in percents:
        counts[min(bins - 1, int(percent // width))] += 1
    labels = [
        f"{round(n * width)}–{round((n + 1) * width) - (1 if n < bins - 1 else 0)}"
        for n in range(bins)
    ]
    return list(zip(labels, counts, strict=True))


def compute(
    responses: list[Response],
    pass_flags: dict[int, bool] | None = None,
    *,
    min_responses: int = MIN_RESPONSES_TO_FLAG,
) -> ExamStats:
    """The statistics of a set of scored responses (a pure function: tested by hand example).
    Items with fewer than `min_responses` responses are never flagged."""
    by_attempt: dict[int, list[Response]] = defaultdict(list)
    by_item: dict[int, list[Response]] = defaultdict(list)
    for response in responses:
        by_attempt[response.attempt_id].append(response)
        by_item[response.item].append(response)
    stats = ExamStats(attempts=len(by_attempt), min_responses=min_responses)
    if not by_attempt:
        return stats
    totals = {a: sum(r.correct for r in rs) for a, rs in by_attempt.items()}
    lengths = {a: len(rs) for a, rs in by_attempt.items()}
    n = len(totals)
    scores = list(totals.values())
    percents = [100 * totals[a] / lengths[a] for a in totals]
    stats.mean = sum(scores) / n
    variance = sum((s - stats.mean) ** 2 for s in scores) / n
    stats.sd = math.sqrt(variance)
    stats.mean_percent = sum(percents) / n
    stats.sd_percent = math.sqrt(sum((p - stats.mean_percent) ** 2 for p in percents) / n)
    stats.items_per_attempt = sum(lengths.values()) / n
    stats.histogram = histogram(percents)
    if pass_flags:
        stats.pass_rate = sum(bool(pass_flags.get(a)) for a in totals) / n

    ranked = sorted(totals, key=lambda a: totals[a], reverse=True)
    group = max(1, round(0.27 * n))
    upper, lower = set(ranked[:group]), set(ranked[-group:])

    facility: dict[int, float] = {}
    for item, rs in by_item.items():
        p = sum(r.correct for r in rs) / len(rs)
        facility[item] = p
        up = [r.correct for r in rs if r.attempt_id in upper]
        low = [r.correct for r in rs if r.attempt_id in lower]
        counts = Counter(key for r in rs for key in r.selected)
        stats.items.append(
            ItemStats(
                item=item,
                n=len(rs),
                facility=p,
                point_biserial=_pearson(
                    [float(r.correct) for r in rs],
                    [totals[r.attempt_id] - r.correct for r in rs],
                ),
                upper_lower=(sum(up) / len(up) - sum(low) / len(low)) if up and low else None,
                option_counts=dict(counts),
                unanswered=sum(not r.selected for r in rs),
                min_responses=min_responses,
            )
        )
    stats.items.sort(key=lambda s: s.item)

    k = stats.items_per_attempt
    sum_pq = (
        sum(
            sum(facility[r.item] * (1 - facility[r.item]) for r in rs) for rs in by_attempt.values()
        )
        / n
    )
    if n >= 2 and k > 1 and variance > 0:
        stats.kr20 = k / (k - 1) * (1 - sum_pq / variance)
        stats.sem = stats.sd * math.sqrt(max(0.0, 1 - stats.kr20))
        stats.sem_percent = stats.sd_percent * math.sqrt(max(0.0, 1 - stats.kr20))
    return stats


def exam_analysis(exam: WrittenExam) -> ExamStats:
    """The item analysis page's data: 3 queries however many attempts and questions."""
    attempts = dict(
        Attempt.objects.filter(exam=exam, status=Attempt.Status.SUBMITTED).values_list(
            "pk", "passed"
        )
    )
    # A voided item (is_correct empty) scores for nobody, so it has no place in the analysis.
    rows = (
        AttemptItem.objects.filter(attempt__exam=exam, attempt__status=Attempt.Status.SUBMITTED)
        .exclude(is_correct__isnull=True)
        .values_list("attempt_id", "version_id", "is_correct", "selected")
    )
    responses = [
        Response(attempt_id, version_id, bool(correct), tuple(selected or ()))
        for attempt_id, version_id, correct, selected in rows
    ]
    stats = compute(responses, attempts, min_responses=min_responses_to_flag())
    stats.pass_mark_percent = exam.pass_mark_percent
    versions = QuestionVersion.objects.select_related("question", "topic").in_bulk(
        [item.item for item in stats.items]
    )
    for item in stats.items:
        item.version = versions.get(item.item)
    # Flagged items first: they are what the page is read for.
    stats.items.sort(
        key=lambda s: (
            not s.flagged,
            *((s.version.topic.position, s.version.question.code) if s.version else ()),
        )
    )
    return stats
