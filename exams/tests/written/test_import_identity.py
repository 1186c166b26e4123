"""Imported questions are matched by a stable identity (Moodle idnumber, GIFT title within its
category), never by a slug of their name: files that share "Question 1" do not overwrite."""

import pytest

from exams.models import Question
from exams.services.written_import import import_bank

from .import_files import moodle, multichoice

pytestmark = pytest.mark.django_db


def test_two_moodle_files_with_question_1_and_no_idnumber_make_two_questions(admin_user):
    import_bank(raw=moodle(multichoice("Question 1")), file_format="moodle", actor=admin_user)
    other = multichoice("Question 1", stem="Which toxin dose is usual for the glabella?")

    result = import_bank(raw=moodle(other), file_format="moodle", actor=admin_user)

    assert result.created == 1
    stems = sorted(Question.objects.values_list("current_version__stem", flat=True))
    assert stems == ["Which muscle lowers the brow?", "Which toxin dose is usual for the glabella?"]


def test_two_moodle_questions_named_alike_with_different_idnumbers_stay_two(admin_user):
    first = moodle(multichoice("Question 1", idnumber="course-a 1"))
    second = moodle(multichoice("Question 1", idnumber="course-b 1", stem="Another question?"))

    import_bank(raw=first, file_format="moodle", actor=admin_user)
    import_bank(raw=second, file_format="moodle", actor=admin_user)

    assert Question.objects.count() == 2
    assert Question.objects.filter(current_version__stem="Which muscle lowers the brow?").exists()


def test_a_moodle_question_comes_back_by_its_idnumber_and_is_updated(admin_user):
    import_bank(raw=moodle(multichoice(idnumber="brow-1")), file_format="moodle", actor=admin_user)
    renamed = multichoice("Renamed in Moodle", idnumber="brow-1", stem="Which muscle depresses?")

    result = import_bank(raw=moodle(renamed), file_format="moodle", actor=admin_user)

    assert (result.created, result.changed) == (0, 1)
    question = Question.objects.get()
    assert question.code == "brow-1"
    assert question.current_version.stem == "Which muscle depresses?"


def test_the_same_moodle_file_imported_twice_changes_nothing(admin_user):
    raw = moodle(multichoice("Question 1"), multichoice("Question 2", stem="Second?"))
    import_bank(raw=raw, file_format="moodle", actor=admin_user)

    result = import_bank(raw=raw, file_format="moodle", actor=admin_user)

    assert (result.created, result.changed, result.unchanged) == (0, 0, 2)


GIFT_Q1 = "$CATEGORY: $course$/top/{category}\n\n::Question 1:: {stem} {{=Right ~Wrong}}\n"


def test_gift_question_1_of_two_categories_are_two_questions(admin_user):
    for category in ("Anatomy", "Pharmacology"):
        raw = GIFT_Q1.format(category=category, stem=f"A question on {category}?")
        import_bank(raw=raw.encode(), file_format="gift", actor=admin_user)

    assert Question.objects.count() == 2


def test_a_gift_title_within_its_category_updates_its_question(admin_user):
    raw = GIFT_Q1.format(category="Anatomy", stem="First wording?")
    import_bank(raw=raw.encode(), file_format="gift", actor=admin_user)
    code = Question.objects.get().code

    raw = GIFT_Q1.format(category="Anatomy", stem="Second wording?")
    result = import_bank(raw=raw.encode(), file_format="gift", actor=admin_user)

    assert (result.created, result.changed) == (0, 1)
    assert Question.objects.get().code == code
    assert Question.objects.get().current_version.stem == "Second wording?"
