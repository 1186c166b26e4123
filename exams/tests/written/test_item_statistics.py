"""Item analysis, checked against a small example worked by hand.

Five candidates, four items, every attempt the same four items (one fixed form):

            i1 i2 i3 i4   total
    A        1  1  1  1     4
    B        1  1  1  0     3
    C        1  1  0  0     2
    D        1  0  0  0     1
    E        0  0  0  0     0

facility p = .8 .6 .4 .2;  p*q = .16 .24 .24 .16, sum 0.8
mean = 10/5 = 2; population variance = (4+1+0+1+4)/5 = 2; SD = sqrt(2) = 1.41421
KR-20 = 4/3 * (1 - 0.8/2) = 4/3 * 0.6 = 0.8
SEM = sqrt(2) * sqrt(1 - 0.8) = sqrt(0.4) = 0.63246 points

Corrected point-biserial of i1 (item against the rest: 3 2 1 0 0):
mean x = .8, mean rest = 1.2, cov = (3+2+1)/5 - .8*1.2 = 1.2 - .96 = .24
sd x = sqrt(.8*.2) = .4, var rest = (9+4+1)/5 - 1.44 = 1.36, sd rest = 1.16619
r = .24 / (.4 * 1.16619) = 0.51450
Upper/lower 27%: round(.27*5) = 1 candidate each (A above, E below): D(i1) = 1 - 0 = 1.

Five responses are far fewer than the 30 an item needs before it may be flagged, so the tests
about flags pass `min_responses=5` (or set WRITTEN_ITEM_FLAG_MIN_RESPONSES) on purpose.
"""

import math

import pytest
from django.urls import reverse

from exams.models import Attempt, AttemptItem, Question, WrittenExam
from exams.selectors.written_stats import MIN_RESPONSES_TO_FLAG, Response, compute
from exams.services.written import save_answers, start_attempt, submit_attempt

from .factories import candidate_for, exam_with_bank

MATRIX = {
    "A": [1, 1, 1, 1],
    "B": [1, 1, 1, 0],
    "C": [1, 1, 0, 0],
    "D": [1, 0, 0, 0],
    "E": [0, 0, 0, 0],
}


def responses():
    return [
        Response(attempt_id=n, item=item, correct=bool(score))
        for n, row in enumerate(MATRIX.values())
        for item, score in enumerate(row, start=1)
    ]


def test_the_exam_statistics_match_the_hand_computed_example():
    stats = compute(responses())

    assert stats.attempts == 5
    assert stats.mean == pytest.approx(2)
    assert stats.sd == pytest.approx(math.sqrt(2))
    assert stats.kr20 == pytest.approx(0.8)
    assert stats.sem == pytest.approx(0.63246, abs=1e-5)
    assert stats.mean_percent == pytest.approx(50)


def test_the_item_statistics_match_the_hand_computed_example():
    items = {item.item: item for item in compute(responses(), min_responses=5).items}

    assert [items[n].facility for n in (1, 2, 3, 4)] == pytest.approx([0.8, 0.6, 0.4, 0.2])
    assert items[1].point_biserial == pytest.approx(0.51450, abs=1e-5)
    assert items[1].upper_lower == pytest.approx(1.0)
    assert [items[n].flagged for n in (1, 2, 3, 4)] == [False] * 4
    assert [items[n].n for n in (1, 2, 3, 4)] == [5] * 4


def _with_a_reversed_item():
    """The example plus item 5, right only for the two weakest candidates (D and E)."""
    return responses() + [
        Response(attempt_id=n, item=5, correct=name in ("D", "E")) for n, name in enumerate(MATRIX)
    ]


def test_an_item_the_weaker_candidates_get_right_is_flagged():
    stats = compute(_with_a_reversed_item(), min_responses=5)
    items = {item.item: item for item in stats.items}

    assert items[5].point_biserial < 0
    assert items[5].flagged
    assert items[5].upper_lower == pytest.approx(-1.0)
    assert [items[n].flagged for n in (1, 2, 3, 4)] == [False] * 4
    assert stats.flagged_count == 1


def test_an_item_with_fewer_responses_than_the_minimum_is_never_flagged():
    stats = compute(_with_a_reversed_item())  # the default minimum: 30 responses

    item = next(i for i in stats.items if i.item == 5)

    assert MIN_RESPONSES_TO_FLAG == 30
    assert item.point_biserial < 0 and item.n == 5
    assert not item.enough_responses
    assert not item.flagged
    assert stats.flagged_count == 0


def test_an_item_is_flagged_from_exactly_the_minimum_number_of_responses():
    assert compute(_with_a_reversed_item(), min_responses=5).items[4].flagged
    assert not compute(_with_a_reversed_item(), min_responses=6).items[4].flagged


def test_an_item_everyone_gets_right_has_no_discrimination_and_is_not_flagged():
    data = responses() + [Response(attempt_id=n, item=6, correct=True) for n in range(5)]

    item = next(i for i in compute(data, min_responses=5).items if i.item == 6)

    assert item.facility == 1 and item.point_biserial is None
    assert item.enough_responses and not item.flagged


def test_the_histogram_counts_scores_in_bands_of_ten_percent():
    stats = compute(responses())  # 100, 75, 50, 25, 0 percent

    counts = dict(stats.histogram)
    assert counts["0–9"] == 1 and counts["20–29"] == 1 and counts["50–59"] == 1
    assert counts["70–79"] == 1 and counts["90–100"] == 1
    assert sum(counts.values()) == 5


def _sit(exam, matrix):
    """Each row of `matrix` is one candidate's attempt: 1 = right, 0 = wrong, by question code."""
    for row in matrix.values():
        candidate = candidate_for(exam)
        attempt = start_attempt(exam=exam, candidate=candidate)
        items = {i.question.code: i for i in attempt.items.select_related("question", "version")}
        answers = {}
        for score, code in zip(row, sorted(items), strict=True):
            item = items[code]
            key = item.version.correct[0] if score else "B"
            answers[item.position] = [str(item.option_order.index(key))]
        save_answers(attempt=attempt, actor=candidate, answers=answers)
        submit_attempt(attempt=attempt, actor=candidate)


def _rows(html):
    """The item rows of the questions table, in page order: (data-item, flagged?)."""
    rows = []
    for chunk in html.split("<tr data-item=")[1:]:
        tag = chunk[: chunk.index(">")]
        rows.append((tag.split('"')[1], "data-flagged" in tag))
    return rows


@pytest.mark.django_db
def test_the_page_shows_the_statistics_and_the_histogram_with_its_pass_mark(client, admin_user):
    exam = exam_with_bank(questions=4, review=WrittenExam.Review.SCORE, pass_mark_percent=70)
    _sit(exam, MATRIX)
    client.force_login(admin_user)

    response = client.get(reverse("exams:written_analysis", args=[exam.pk]))
    html = response.content.decode()

    assert '<dd class="col-5" data-kr20>0.800</dd>' in html
    assert "0.63 points" in html
    assert "<svg" in html and "data-histogram" in html and "<rect" in html
    assert Attempt.objects.filter(status="submitted").count() == 5
    # the tallest bar leaves room for its count inside the drawing (y of its label > 0)
    analysis = response.context["analysis"]
    tallest = max(analysis.bars(), key=lambda bar: bar.count)
    assert tallest.y - 5 - 12 >= 0
    assert f'y="{tallest.y}" dy="-5"' in html
    # the pass mark line at 70% of the axis, and the chart has a text alternative
    assert analysis.pass_mark_x == 420
    assert 'x1="420.0"' in html and "data-pass-mark" in html
    assert 'aria-labelledby="histogram-title histogram-desc"' in html
    assert "The pass mark is 70%." in html and "data-histogram-table" in html


@pytest.mark.django_db
def test_the_page_lists_flagged_items_first_and_flags_only_with_enough_responses(
    client, admin_user, settings
):
    exam = exam_with_bank(questions=5, review=WrittenExam.Review.SCORE)
    # the fifth question (last by code) is right only for the two weakest candidates
    _sit(exam, {name: [*row, int(name in ("D", "E"))] for name, row in MATRIX.items()})
    client.force_login(admin_user)
    url = reverse("exams:written_analysis", args=[exam.pk])
    codes = sorted(Question.objects.values_list("code", flat=True))

    settings.WRITTEN_ITEM_FLAG_MIN_RESPONSES = 5
    flagged = _rows(client.get(url).content.decode())

    assert flagged[0] == (f"{codes[4]}-v1", True)
    assert [is_flagged for _, is_flagged in flagged[1:]] == [False] * 4
    assert [item for item, _ in flagged[1:]] == [f"{code}-v1" for code in codes[:4]]

    settings.WRITTEN_ITEM_FLAG_MIN_RESPONSES = 6
    html = client.get(url).content.decode()

    assert [is_flagged for _, is_flagged in _rows(html)] == [False] * 5
    assert [item for item, _ in _rows(html)] == [f"{code}-v1" for code in codes]
    assert html.count("too few to flag") == 5
    assert "No item is flagged." in html


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_for_3_or_30_attempts(
    client, admin_user, django_assert_max_num_queries
):
    exam = exam_with_bank(questions=5)

    def sit(count):
        for _ in range(count):
            candidate = candidate_for(exam)
            submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)

    sit(3)
    client.force_login(admin_user)
    url = reverse("exams:written_analysis", args=[exam.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as with_3:
        assert client.get(url).context["analysis"].attempts == 3
    queries_with_3 = len(with_3.captured_queries)
    sit(27)

    with django_assert_max_num_queries(queries_with_3):
        assert client.get(url).context["analysis"].attempts == 30
    assert AttemptItem.objects.count() == 150
