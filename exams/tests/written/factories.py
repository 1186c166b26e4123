"""Small factories of the written exam: topics, questions, an exam with its blueprint, and a
candidate who may sit it."""

import string

import factory
from factory.django import DjangoModelFactory

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.models import BlueprintRow, Difficulty, Question, Topic, Vignette, WrittenExam
from exams.services.written_bank import QuestionContent, create_question
from programs.tests.factories import program_with_modules, trainee_with_theory_complete


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class VignetteFactory(DjangoModelFactory):
    class Meta:
        model = Vignette

    code = factory.Sequence(lambda n: f"case-{n}")
    title = factory.Sequence(lambda n: f"Case {n}")
    text = "A 45-year-old woman asks for treatment of her glabellar lines."


_counter = iter(range(1, 10**6))


def bank_author():
    return UserFactory(roles=[Role.PROGRAM_ADMIN])


def question(
    topic: Topic | None = None,
    *,
    kind: str = Question.Kind.SINGLE,
    correct: tuple[str, ...] = ("A",),
    options: int = 4,
    difficulty: str = Difficulty.MEDIUM,
    vignette: Vignette | None = None,
    stem: str = "",
    explanation: str = "",
    by=None,
    **extra,
) -> Question:
    """A question made through the service, options A.. with texts "Option A (n)"."""
    n = next(_counter)
    return create_question(
        content=QuestionContent(
            kind=kind,
            topic=topic or TopicFactory(),
            difficulty=difficulty,
            stem=stem or f"Question number {n}?",
            options=[
                {"key": key, "text": f"Option {key} of question {n}", "feedback": ""}
                for key in string.ascii_uppercase[:options]
            ],
            correct=list(correct),
            explanation=explanation or f"Because of reason {n}.",
            vignette=vignette,
            **extra,
        ),
        actor=by or bank_author(),
    )


def exam_with_bank(
    *,
    questions: int = 4,
    per_attempt: int | None = None,
    program=None,
    topic: Topic | None = None,
    **exam_fields,
) -> WrittenExam:
    """An active exam of a program (3 theory modules), one blueprint row on one topic drawing
    `per_attempt` (default: all) of `questions` single best answer questions (key: A)."""
    program = program or program_with_modules()
    topic = topic or TopicFactory()
    author = bank_author()
    for _ in range(questions):
        question(topic, by=author)
    fields = {
        "title": "Written certification exam",
        "time_limit_minutes": 30,
        "pass_mark_percent": 70,
        "attempts_allowed": 3,
        "wait_hours_between_attempts": 0,
        "review": WrittenExam.Review.FULL,
    }
    fields.update(exam_fields)
    exam = WrittenExam.objects.create(program=program, **fields)
    BlueprintRow.objects.create(exam=exam, topic=topic, count=per_attempt or questions)
    return exam


def candidate_for(exam: WrittenExam, **user_fields):
    """An applicant enrolled in the exam's program with every theory module complete."""
    return trainee_with_theory_complete(exam.program, **user_fields).applicant
