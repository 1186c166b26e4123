"""True/false questions and partial-credit answers import (they used to abort the file), mapped
onto all-or-nothing scoring: a single answer keys the full-mark option, a multiple-response
question keys every option worth more than 0."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.errors import DomainError
from exams.models import Question
from exams.services.written_import import import_bank

from .import_files import moodle, multichoice

pytestmark = pytest.mark.django_db

TRUE_FALSE = b"""<?xml version="1.0"?>
<quiz><question type="truefalse"><name><text>Neurotoxin</text></name>
<questiontext format="html"><text>Botulinum toxin is a neurotoxin.</text></questiontext>
<answer fraction="0"><text>false</text><feedback><text>It is one.</text></feedback></answer>
<answer fraction="100"><text>true</text><feedback><text>Yes.</text></feedback></answer>
</question></quiz>"""


def test_a_moodle_true_false_question_imports_as_true_and_false(admin_user):
    import_bank(raw=TRUE_FALSE, file_format="moodle", actor=admin_user)

    question = Question.objects.get()
    version = question.current_version
    assert question.kind == Question.Kind.SINGLE
    assert [o["text"] for o in version.options] == ["True", "False"]
    assert version.correct == ["A"]
    assert version.options[0]["feedback"] == "Yes."


@pytest.mark.parametrize(("answer", "key"), [("T", "A"), ("TRUE", "A"), ("F", "B"), ("FALSE", "B")])
def test_a_gift_true_false_question_imports(admin_user, answer, key):
    raw = f"::TF:: Hyaluronidase dissolves toxin. {{{answer}#Wrong: see notes#Right}}\n"

    import_bank(raw=raw.encode(), file_format="gift", actor=admin_user)

    version = Question.objects.get().current_version
    assert version.correct == [key]
    right = next(o for o in version.options if o["key"] == key)
    assert right["feedback"] == "Right"


def test_a_moodle_single_answer_with_partial_credit_keys_the_full_mark_answer(admin_user):
    partial = multichoice(answers=(("50", "Corrugator"), ("100", "Procerus"), ("0", "Masseter")))

    import_bank(raw=moodle(partial), file_format="moodle", actor=admin_user)

    question = Question.objects.get()
    assert question.kind == Question.Kind.SINGLE
    assert question.current_version.correct == ["B"]  # the 50% option earns nothing here


def test_a_moodle_multiple_response_keys_every_option_worth_more_than_0(admin_user):
    weighted = multichoice(
        single="false",
        answers=(("33.33333", "A1"), ("33.33333", "A2"), ("33.33333", "A3"), ("-100", "A4")),
    )

    import_bank(raw=moodle(weighted), file_format="moodle", actor=admin_user)

    question = Question.objects.get()
    assert question.kind == Question.Kind.MULTIPLE
    assert question.current_version.correct == ["A", "B", "C"]


@pytest.mark.parametrize(
    "answers", ["=Procerus ~%50%Corrugator ~Masseter", "~%100%Procerus ~%50%Corrugator ~Masseter"]
)
def test_a_gift_single_answer_with_partial_credit_keys_the_full_mark_answer(admin_user, answers):
    raw = f"::Brow:: Which muscle lowers the brow? {{{answers}}}\n"

    import_bank(raw=raw.encode(), file_format="gift", actor=admin_user)

    question = Question.objects.get()
    assert question.kind == Question.Kind.SINGLE
    assert question.current_version.correct == ["A"]


def test_two_full_mark_answers_of_a_single_answer_question_are_refused_by_name(admin_user):
    both = multichoice(answers=(("100", "Procerus"), ("100", "Corrugator"), ("0", "Masseter")))

    with pytest.raises(DomainError, match=r"question 2 at line 4 \(Question 1\): 2 answers"):
        import_bank(raw=moodle(both), file_format="moodle", actor=admin_user)

    assert not Question.objects.exists()


def test_the_import_page_imports_a_true_false_question(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_import"),
        {"format": "moodle", "file": SimpleUploadedFile("bank.xml", TRUE_FALSE)},
    )

    assert response.status_code == 302
    assert Question.objects.get().current_version.correct == ["A"]
