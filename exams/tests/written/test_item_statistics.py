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
"""

import math

import pytest
from django.urls import reverse

from exams.models import Attempt, AttemptItem, WrittenExam
from exams.selectors.written_stats import Response, compute
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
    items = {item.item: item for item in compute(responses()).items}

    assert [items[n].facility for n in (1, 2, 3, 4)] == pytest.approx([0.8, 0.6, 0.4, 0.2])
    assert items[1].point_biserial == pytest.approx(0.51450, abs=1e-5)
    assert items[1].upper_lower == pytest.approx(1.0)
    assert not items[1].flagged


def test_an_item_the_weaker_candidates_get_right_is_flagged():
    data = responses() + [
        Response(attempt_id=n, item=5, correct=name in ("D", "E")) for n, name in enumerate(MATRIX)
    ]

    items = {item.item: item for item in compute(data).items}

    assert items[5].point_biserial < 0
    assert items[5].flagged
    assert items[5].upper_lower == pytest.approx(-1.0)


def test_an_item_everyone_gets_right_has_no_discrimination_and_is_not_flagged():
    data = responses() + [Response(attempt_id=n, item=6, correct=True) for n in range(5)]

    item = next(i for i in compute(data).items if i.item == 6)

    assert item.facility == 1 and item.point_biserial is None and not item.flagged


def test_the_histogram_counts_scores_in_bands_of_ten_percent():
    stats = compute(responses())  # 100, 75, 50, 25, 0 percent

    counts = dict(stats.histogram)
    assert counts["0–9"] == 1 and counts["20–29"] == 1 and counts["50–59"] == 1
    assert counts["70–79"] == 1 and counts["90–100"] == 1
    assert sum(counts.values()) == 5


@pytest.mark.django_db
def test_the_page_shows_the_statistics_the_flags_and_the_histogram(client, admin_user):
    exam = exam_with_bank(questions=4, review=WrittenExam.Review.SCORE)
    for row in MATRIX.values():
        candidate = candidate_for(exam)
        attempt = start_attempt(exam=exam, candidate=candidate)
        items = {i.question.code: i for i in attempt.items.select_related("question", "version")}
        answers = {}
        for score, code in zip(row, sorted(items), strict=True):
            item = items[code]
            key = item.version.correct[0] if score else "B"
            answers[item.position] = [str(item.option_order.index(key))]
        save_answers(attempt=attempt, candidate=candidate, answers=answers)
        submit_attempt(attempt=attempt, by=candidate)
    client.force_login(admin_user)

    html = client.get(reverse("exams:written_analysis", args=[exam.pk])).content.decode()

    assert '<dd class="col-5" data-kr20>0.800</dd>' in html
    assert "0.63 points" in html
    assert "<svg" in html and "data-histogram" in html and "<rect" in html
    assert Attempt.objects.filter(status="submitted").count() == 5


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_for_3_or_30_attempts(
    client, admin_user, django_assert_max_num_queries
):
    exam = exam_with_bank(questions=5)

    def sit(count):
        for _ in range(count):
            candidate = candidate_for(exam)
            submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), by=candidate)

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
