"""Hostile import files are refused with a message, never a 500, and import nothing: entity
expansion (billion laughs), external entities, very deep nesting, NUL bytes, overlong ids."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.errors import DomainError
from exams.models import Question, Topic
from exams.services.written_import import import_bank

from .import_files import moodle, multichoice

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="multichoice"><name><text>&lol3;</text></name></question></quiz>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="multichoice"><name><text>&xxe;</text></name></question></quiz>"""

DEEP = b"<quiz>" + b"<a>" * 50_000 + b"</a>" * 50_000 + b"</quiz>"

HOSTILE = {
    "billion laughs": ("moodle", BILLION_LAUGHS, "DTD or entities"),
    "external entity": ("moodle", EXTERNAL_ENTITY, "DTD or entities"),
    "50,000-deep nesting": ("moodle", DEEP, "nests elements more than 64 deep at line 1"),
    "NUL in XML": ("moodle", moodle(multichoice(stem="Brow\x00?")), "line 4"),
    "NUL in GIFT": ("gift", b"::Q:: Brow\x00? {=A ~B}\n", "NUL character at line 1"),
    "NUL in JSON": (
        "json",
        b'{"format": "written-question-bank", "topics": [{"code": "t", "name": "T"}], '
        b'"questions": [{"code": "q", "kind": "single", "topic": "t", "stem": "Brow\\u0000?", '
        b'"options": [{"key": "A", "text": "a"}, {"key": "B", "text": "b"}], "correct": ["A"]}]}',
        r"question 1 \(q\): the text holds a NUL character",
    ),
    "500-character idnumber": (
        "moodle",
        moodle(multichoice(idnumber="x" * 500)),
        "the idnumber is 500 characters long; at most 100",
    ),
    "500-character JSON code": (
        "json",
        b'{"format": "written-question-bank", "questions": [{"code": "' + b"c" * 500 + b'"}]}',
        "the code is 500 characters long",
    ),
    "not UTF-8": ("gift", b"\xff\xfe::Q:: {=A ~B}", "not UTF-8"),
    "deep JSON": ("json", b"[" * 100_000 + b"]" * 100_000, "."),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_with_a_message_and_imports_nothing(admin_user, name):
    file_format, raw, message = HOSTILE[name]

    with pytest.raises(DomainError, match=message):
        import_bank(raw=raw, file_format=file_format, actor=admin_user)

    assert not Question.objects.exists()
    assert not Topic.objects.exists()


@pytest.mark.parametrize("name", HOSTILE)
def test_the_import_page_refuses_a_hostile_file_without_an_error_page(client, admin_user, name):
    file_format, raw, _ = HOSTILE[name]
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:written_import"),
        {"format": file_format, "file": SimpleUploadedFile("bank", raw)},
    )

    assert response.status_code == 200
    assert "Nothing was imported." in response.content.decode()
    assert not Question.objects.exists()


def test_a_bad_question_after_good_ones_names_it_and_its_line_and_imports_nothing(admin_user):
    raw = moodle(
        multichoice("Good one"),
        multichoice("Bad one", answers=(("0", "Procerus"), ("0", "Frontalis"))),
    )

    with pytest.raises(DomainError, match=r"question 3 at line 5 \(Bad one\): no answer is"):
        import_bank(raw=raw, file_format="moodle", actor=admin_user)

    assert not Question.objects.exists()
