"""A hostile bank file imports nothing and says why on the page, never a server error: JSON
nested 50,000 deep, a code longer than the column, a NUL byte, values of the wrong type."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exams.models import Question, Topic, Vignette

pytestmark = pytest.mark.django_db

QUESTION = {
    "code": "consent-1",
    "kind": "single",
    "topic": "ethics",
    "difficulty": "easy",
    "stem": "Who obtains consent?",
    "options": [{"key": "A", "text": "The injector"}, {"key": "B", "text": "Reception"}],
    "correct": ["A"],
}
TOPIC = {"code": "ethics", "name": "Ethics"}


def bank(questions=(QUESTION,), topics=(TOPIC,), **more):
    data = {
        "format": "written-question-bank",
        "version": 1,
        "topics": list(topics) if isinstance(topics, tuple) else topics,
    }
    return json.dumps({**data, "questions": list(questions), **more}).encode()


def post(client, raw: bytes, file_format="json"):
    return client.post(
        reverse("exams:written_import"),
        {"format": file_format, "file": SimpleUploadedFile("bank.txt", raw)},
    )


def nothing_imported():
    return not Question.objects.exists() and not Vignette.objects.exists()


HOSTILE = {
    "nested 50,000 deep": b"[" * 50_000 + b"]" * 50_000,
    "nested object 50,000 deep": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "a 500-character question code": bank([{**QUESTION, "code": "c" * 500}]),
    "a 500-character topic code": bank(topics=[{"code": "t" * 500, "name": "Long"}]),
    "a 200-character topic name": bank(topics=[{"code": "ethics", "name": "n" * 200}]),
    "a 500-character vignette code": bank(
        vignettes=[{"code": "v" * 500, "title": "Case", "text": "Text"}]
    ),
    "a NUL byte": bank([{**QUESTION, "stem": "Who\x00 obtains consent?"}]),
    "a raw NUL byte": b'{"format": "written-question-bank"\x00}',
    "a topic code that is a list": bank(topics=[{"code": ["a"], "name": "List"}]),
    "topics that are not a list": bank(topics="ethics"),
    "a 5,000-digit number": b'{"format": "written-question-bank", "questions": [{"stem": '
    + b"9" * 5000
    + b"}]}",
}


@pytest.mark.parametrize("raw", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_json_bank_imports_nothing_and_says_why(client, admin_user, raw):
    client.force_login(admin_user)

    response = post(client, raw)

    assert response.status_code == 200
    assert "Nothing was imported." in response.content.decode()
    assert nothing_imported()


@pytest.mark.parametrize("file_format", ["gift", "moodle"])
def test_a_nul_byte_in_gift_or_moodle_imports_nothing(client, admin_user, file_format):
    client.force_login(admin_user)

    response = post(client, b"::A:: Who\x00? {=Me ~You}\n", file_format)

    assert "Nothing was imported." in response.content.decode()
    assert nothing_imported()


def test_a_gift_title_longer_than_a_topic_name_still_imports(client, admin_user):
    client.force_login(admin_user)
    raw = f"$CATEGORY: {'c' * 300}\n\n::{'t' * 300}:: Who obtains consent? {{=Me ~You}}\n"

    response = post(client, raw.encode(), "gift")

    assert response.status_code == 302
    assert Question.objects.count() == 1
    assert len(Topic.objects.get().name) <= 120
