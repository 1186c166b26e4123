"""A case study's text is frozen once candidates have drawn it: past attempts show it as seen."""

import pytest

from accounts.errors import DomainError
from exams.models import Question
from exams.services.written import start_attempt
from exams.services.written_bank import save_vignette

from .factories import TopicFactory, VignetteFactory, bank_author, candidate_for, exam_with_bank
from .factories import question as make_question

pytestmark = pytest.mark.django_db


def test_the_text_of_a_drawn_case_cannot_change_but_an_undrawn_one_can():
    admin = bank_author()
    topic = TopicFactory()
    drawn, fresh = VignetteFactory(), VignetteFactory()
    make_question(topic, kind=Question.Kind.CASE, vignette=drawn, by=admin)
    exam = exam_with_bank(questions=0, per_attempt=1, topic=topic)
    start_attempt(exam=exam, candidate=candidate_for(exam))

    with pytest.raises(DomainError, match="cannot change"):
        save_vignette(
            code="", title=drawn.title, text="A new history.", actor=admin, vignette=drawn
        )
    drawn.refresh_from_db()
    assert drawn.text != "A new history."

    save_vignette(code="", title=fresh.title, text="A new history.", actor=admin, vignette=fresh)
    fresh.refresh_from_db()
    assert fresh.text == "A new history."
