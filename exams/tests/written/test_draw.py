"""What each attempt draws: the blueprint's mix, shuffled, new questions first, cases whole."""

from collections import Counter

import pytest

from exams.models import BlueprintRow, Difficulty, Question
from exams.services.written import start_attempt, submit_attempt

from .factories import TopicFactory, VignetteFactory, candidate_for, exam_with_bank, question

pytestmark = pytest.mark.django_db


def test_it_draws_per_topic_and_difficulty_as_the_blueprint_says():
    anatomy, pharmacology = TopicFactory(), TopicFactory()
    exam = exam_with_bank(questions=0, per_attempt=2, topic=anatomy)
    for _ in range(3):
        question(anatomy, difficulty=Difficulty.EASY)
        question(anatomy, difficulty=Difficulty.HARD)
        question(pharmacology, difficulty=Difficulty.HARD)
    exam.blueprint.all().delete()
    BlueprintRow.objects.create(exam=exam, topic=anatomy, difficulty=Difficulty.HARD, count=2)
    BlueprintRow.objects.create(exam=exam, topic=anatomy, difficulty="", count=1)
    BlueprintRow.objects.create(exam=exam, topic=pharmacology, count=3)

    attempt = start_attempt(exam=exam, candidate=candidate_for(exam))

    mix = Counter(
        (item.version.topic_id, item.version.difficulty)
        for item in attempt.items.select_related("version")
    )
    assert mix[(pharmacology.pk, Difficulty.HARD)] == 3
    assert mix[(anatomy.pk, Difficulty.HARD)] >= 2
    assert sum(n for (topic, _), n in mix.items() if topic == anatomy.pk) == 3


def test_retired_questions_are_not_drawn():
    topic = TopicFactory()
    exam = exam_with_bank(questions=0, per_attempt=2, topic=topic)
    kept = [question(topic), question(topic)]
    retired = question(topic)
    Question.objects.filter(pk=retired.pk).update(is_active=False)

    attempt = start_attempt(exam=exam, candidate=candidate_for(exam))

    assert set(attempt.items.values_list("question_id", flat=True)) == {q.pk for q in kept}


def test_each_attempt_shuffles_questions_and_options():
    exam = exam_with_bank(questions=12)
    orders, option_orders = set(), set()
    for _ in range(4):
        attempt = start_attempt(exam=exam, candidate=candidate_for(exam))
        items = list(attempt.items.order_by("position"))
        orders.add(tuple(item.question_id for item in items))
        option_orders.update(tuple(item.option_order) for item in items)
        assert all(sorted(item.option_order) == ["A", "B", "C", "D"] for item in items)

    # 12! orders and 4! option orders: the same order four times is all but impossible.
    assert len(orders) > 1
    assert len(option_orders) > 1


def test_a_second_attempt_avoids_the_questions_of_the_first_when_the_bank_allows():
    exam = exam_with_bank(questions=10, per_attempt=5)
    candidate = candidate_for(exam)
    first = start_attempt(exam=exam, candidate=candidate)
    submit_attempt(attempt=first, actor=candidate)

    second = start_attempt(exam=exam, candidate=candidate)

    seen = set(first.items.values_list("question_id", flat=True))
    assert seen.isdisjoint(second.items.values_list("question_id", flat=True))


def test_when_the_bank_is_small_a_retake_repeats_as_few_questions_as_possible():
    exam = exam_with_bank(questions=7, per_attempt=5)
    candidate = candidate_for(exam)
    first = start_attempt(exam=exam, candidate=candidate)
    submit_attempt(attempt=first, actor=candidate)

    second = start_attempt(exam=exam, candidate=candidate)

    seen = set(first.items.values_list("question_id", flat=True))
    repeated = seen & set(second.items.values_list("question_id", flat=True))
    assert len(repeated) == 3  # the 2 unseen questions are all drawn


def test_a_case_study_is_drawn_whole_and_its_questions_stay_together_after_the_case():
    topic = TopicFactory()
    exam = exam_with_bank(questions=4, per_attempt=7, topic=topic)
    case = VignetteFactory(title="Brow ptosis after treatment")
    subs = [question(topic, kind=Question.Kind.CASE, vignette=case) for _ in range(3)]

    attempt = start_attempt(exam=exam, candidate=candidate_for(exam))

    items = list(attempt.items.order_by("position"))
    positions = [item.position for item in items if item.question_id in {q.pk for q in subs}]
    assert len(positions) == 3
    assert positions == list(range(positions[0], positions[0] + 3))


def test_a_case_that_does_not_fit_the_blueprint_is_left_out():
    topic = TopicFactory()
    exam = exam_with_bank(questions=2, per_attempt=2, topic=topic)
    case = VignetteFactory()
    for _ in range(3):
        question(topic, kind=Question.Kind.CASE, vignette=case)

    for _ in range(3):
        attempt = start_attempt(exam=exam, candidate=candidate_for(exam))
        kinds = set(attempt.items.values_list("question__kind", flat=True))
        assert kinds == {Question.Kind.SINGLE}
