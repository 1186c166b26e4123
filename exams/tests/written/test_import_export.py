"""The bank's JSON export round-trips; Moodle XML and GIFT import; a bad file imports nothing
and says where the problem is."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.errors import DomainError
from exams.models import Question, QuestionVersion, Topic
from exams.services.written import start_attempt, submit_attempt
from exams.services.written_import import export_bank, import_bank

from .factories import TopicFactory, VignetteFactory, candidate_for, exam_with_bank, question

pytestmark = pytest.mark.django_db

MOODLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Pharmacology</text></category></question>
  <question type="multichoice">
    <name><text>Onset of effect</text></name>
    <idnumber>pharm-onset</idnumber>
    <questiontext format="html"><text><![CDATA[<p>When does the effect of
      onabotulinumtoxinA usually <b>begin</b>?</p>]]></text></questiontext>
    <generalfeedback format="html"><text>Onset is typically 2 to 5 days.</text></generalfeedback>
    <single>true</single>
    <answer fraction="100"><text>2 to 5 days</text><feedback><text>Right.</text></feedback></answer>
    <answer fraction="0"><text>Within an hour</text></answer>
    <answer fraction="0"><text>After 4 weeks</text></answer>
  </question>
  <question type="multichoice">
    <name><text>Contraindications</text></name>
    <idnumber>Contra 1.2</idnumber>
    <questiontext format="html"><text>Which are contraindications?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>Myasthenia gravis</text></answer>
    <answer fraction="50"><text>Pregnancy</text></answer>
    <answer fraction="-100"><text>Mild seasonal allergies</text></answer>
  </question>
</quiz>
"""

GIFT = """// Demo questions
$CATEGORY: $course$/Complications

::Ptosis drops:: Which eye drop is used for eyelid ptosis after toxin? {
=Apraclonidine 0.5%#An alpha-2 agonist that contracts Mueller's muscle.
~Timolol
~Latanoprost
####Apraclonidine lifts the lid 1-2 mm by contracting Mueller's muscle.
}

::Ptosis causes:: Which contribute to eyelid ptosis after glabellar treatment? {
~%50%Diffusion through the orbital septum
~%50%Injection too close to the orbital rim
~%-100%Injection into the frontalis 4 cm above the brow
}
"""


def test_the_json_export_imports_back_into_an_empty_bank(admin_user):
    topic = TopicFactory(code="anatomy", name="Facial anatomy")
    case = VignetteFactory(code="case-1")
    question(topic, explanation="Procerus and corrugators.")
    question(topic, kind=Question.Kind.MULTIPLE, correct=("A", "B"))
    question(topic, kind=Question.Kind.CASE, vignette=case)
    exported = export_bank()
    Question.objects.update(current_version=None)
    QuestionVersion.objects.all().delete()
    Question.objects.all().delete()

    result = import_bank(raw=json.dumps(exported).encode(), file_format="json", actor=admin_user)

    assert result.created == 3
    assert export_bank() == exported


def test_importing_the_same_export_again_changes_nothing(admin_user):
    question(TopicFactory())
    raw = json.dumps(export_bank()).encode()

    result = import_bank(raw=raw, file_format="json", actor=admin_user)

    assert (result.created, result.changed, result.unchanged) == (0, 0, 1)
    assert QuestionVersion.objects.count() == 1


def test_importing_a_change_to_an_answered_question_makes_a_new_version(admin_user):
    exam = exam_with_bank(questions=1)
    candidate = candidate_for(exam)
    submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)
    data = export_bank()
    data["questions"][0]["stem"] = "Changed in the other system?"

    result = import_bank(raw=json.dumps(data).encode(), file_format="json", actor=admin_user)

    assert result.changed == 1
    assert Question.objects.get().current_version.number == 2


def test_a_bad_question_in_json_names_it_and_imports_nothing(admin_user):
    TopicFactory(code="ethics")
    good = {
        "code": "consent-1",
        "kind": "single",
        "topic": "ethics",
        "difficulty": "easy",
        "stem": "Who obtains consent?",
        "options": [{"key": "A", "text": "The injector"}, {"key": "B", "text": "Reception"}],
        "correct": ["A"],
    }
    bad = {**good, "code": "consent-2", "correct": ["A", "B"]}
    raw = json.dumps(
        {"format": "written-question-bank", "version": 1, "questions": [good, bad]}
    ).encode()

    with pytest.raises(DomainError, match=r"question 2 \(consent-2\): a single best answer"):
        import_bank(raw=raw, file_format="json", actor=admin_user)

    assert not Question.objects.exists()


def test_json_that_does_not_parse_gives_the_line(admin_user):
    with pytest.raises(DomainError, match="line 2"):
        import_bank(raw=b'{\n  "format": }', file_format="json", actor=admin_user)


def test_moodle_xml_imports_single_and_multiple_answer_questions_with_feedback(admin_user):
    result = import_bank(raw=MOODLE, file_format="moodle", actor=admin_user)

    assert result.created == 2
    onset = Question.objects.get(code="pharm-onset")  # the idnumber, written like a code
    version = onset.current_version
    assert onset.kind == Question.Kind.SINGLE
    assert version.stem == "When does the effect of onabotulinumtoxinA usually begin?"
    assert version.topic.name == "Pharmacology"
    assert version.correct == ["A"] and version.options[0]["feedback"] == "Right."
    assert version.explanation == "Onset is typically 2 to 5 days."
    contraindications = Question.objects.exclude(pk=onset.pk).get()
    assert contraindications.code.startswith("moodle-")  # "Contra 1.2" is not a code: hashed
    assert contraindications.kind == Question.Kind.MULTIPLE
    assert contraindications.current_version.correct == ["A", "B"]


def test_moodle_xml_with_an_entity_declaration_is_refused(admin_user):
    raw = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="multichoice"><name><text>&xxe;</text></name></question></quiz>"""

    with pytest.raises(DomainError, match="DTD or entities"):
        import_bank(raw=raw, file_format="moodle", actor=admin_user)

    assert not Question.objects.exists()


def test_moodle_xml_with_an_unsupported_type_names_the_question(admin_user):
    raw = MOODLE.replace(
        b"</quiz>", b'<question type="essay"><name><text>Essay</text></name></question></quiz>'
    )

    with pytest.raises(
        DomainError, match=r"question 4 at line 2\d \(Essay\): .*'essay' are not supported"
    ):
        import_bank(raw=raw, file_format="moodle", actor=admin_user)

    assert not Question.objects.exists()


def test_broken_xml_gives_the_line(admin_user):
    with pytest.raises(DomainError, match="line 3"):
        import_bank(raw=b"<quiz>\n<question>\n</quiz>", file_format="moodle", actor=admin_user)


def test_gift_imports_single_and_weighted_multiple_answer_questions(admin_user):
    result = import_bank(raw=GIFT.encode(), file_format="gift", actor=admin_user)

    assert result.created == 2
    drops = Question.objects.get(current_version__stem__startswith="Which eye drop").current_version
    assert drops.topic == Topic.objects.get(name="Complications")
    assert drops.stem == "Which eye drop is used for eyelid ptosis after toxin?"
    assert drops.correct == ["A"]
    assert drops.options[0]["text"] == "Apraclonidine 0.5%"
    assert "Mueller's muscle" in drops.options[0]["feedback"]
    assert drops.explanation.startswith("Apraclonidine lifts the lid")
    causes = Question.objects.get(current_version__stem__startswith="Which contribute")
    assert causes.kind == Question.Kind.MULTIPLE
    assert causes.current_version.correct == ["A", "B"]


def test_a_bad_gift_question_names_its_line_and_nothing_is_imported(admin_user):
    raw = GIFT + "\n::Bad:: Which is the right dose? {=20 units =40 units}\n"

    with pytest.raises(DomainError, match=r"line 17 \(Bad\)"):
        import_bank(raw=raw.encode(), file_format="gift", actor=admin_user)

    assert not Question.objects.exists()


def test_the_import_page_shows_the_error_and_the_format(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_import"),
        {"format": "gift", "file": SimpleUploadedFile("bank.gift", b"::A:: No braces here\n")},
    )

    html = response.content.decode()
    assert "Nothing was imported." in html and "line 1" in html
    assert "written-question-bank" in html  # the documented format is on the page


def test_the_export_downloads_json(client, admin_user):
    question(TopicFactory())
    client.force_login(admin_user)

    response = client.get(reverse("exams:written_export"))

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["questions"][0]["kind"] == "single"


def test_only_program_admins_import_or_export(client, applicant):
    client.force_login(applicant)

    assert client.get(reverse("exams:written_export")).status_code == 403
    assert client.get(reverse("exams:written_import")).status_code == 403
