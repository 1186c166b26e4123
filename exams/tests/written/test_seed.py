"""The demo: a bank of at least 60 questions across the topics, the demo program's exam, and
candidates with past attempts; running it again changes nothing."""

import pytest
from django.db.models import Count

from accounts.demo import seed_people, seed_qualifications
from accounts.tests.factories import ensure_reference_data
from exams.demo import seed_written_exam
from exams.models import Attempt, Question, QuestionVersion, Topic, WrittenExam
from exams.services.written_bank import QuestionContent
from programs.demo import seed_programs

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ensure_reference_data()  # a transactional test before this one may have flushed it
    seed_people()
    seed_qualifications()
    seed_programs()
    seed_written_exam()


def test_it_makes_a_bank_of_at_least_60_valid_questions_across_the_topics(seeded):
    assert Question.objects.count() >= 60
    per_topic = dict(QuestionVersion.objects.values_list("topic__code").annotate(n=Count("id")))
    assert set(per_topic) == set(Topic.objects.values_list("code", flat=True))
    assert min(per_topic.values()) >= 5
    kinds = set(Question.objects.values_list("kind", flat=True))
    assert kinds == set(Question.Kind.values)
    for question in Question.objects.select_related("current_version__topic", "vignette"):
        version = question.current_version
        QuestionContent(
            kind=question.kind,
            topic=version.topic,
            difficulty=version.difficulty,
            stem=version.stem,
            options=version.options,
            correct=version.correct,
            vignette=question.vignette,
        ).check()
        assert version.explanation


def test_it_gives_the_demo_program_an_exam_and_candidates_with_past_attempts(seeded):
    exam = WrittenExam.objects.get(program__accreditation_number="CAE-2026-0142")
    attempts = Attempt.objects.filter(exam=exam, status=Attempt.Status.SUBMITTED)
    assert attempts.filter(passed=True).exists() and attempts.filter(passed=False).exists()
    assert attempts.values("candidate").distinct().count() >= 5
    assert not Attempt.objects.filter(candidate__email="applicant@demo.test").exists()


def test_running_it_again_changes_nothing(seeded):
    counts = (Question.objects.count(), QuestionVersion.objects.count(), Attempt.objects.count())

    seed_written_exam()

    assert counts == (
        Question.objects.count(),
        QuestionVersion.objects.count(),
        Attempt.objects.count(),
    )
