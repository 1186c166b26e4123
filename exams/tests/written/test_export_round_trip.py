"""Moodle XML and GIFT exports round-trip: exported, then imported into an empty bank, they give
the same questions, options and keys; imported back into the same bank they change nothing."""

import pytest
from django.urls import reverse

from exams.models import Question, QuestionImage, QuestionVersion
from exams.services.written_bank import QuestionContent, create_question
from exams.services.written_import import export_file, import_bank
from exams.services.written_import.images import check_image, store, token

from .factories import TopicFactory, VignetteFactory, question
from .import_files import png

pytestmark = pytest.mark.django_db

FORMATS = ["moodle", "gift"]


def _bank(admin_user):
    anatomy = TopicFactory(name="Facial anatomy / muscles")
    safety = TopicFactory(name="Safety")
    image = check_image(png(), where="test", name="brow.png")
    store([image])
    create_question(
        content=QuestionContent(
            kind=Question.Kind.SINGLE,
            topic=anatomy,
            difficulty="hard",
            stem=f"Which muscle: ~ = # {{ }} : & <b> 'quoted' \"too\"?\n{token(image, 'Brow')}",
            options=[
                {"key": "A", "text": "Procerus = depressor", "feedback": "Yes: it pulls down."},
                {"key": "B", "text": "Frontalis {elevator}", "feedback": "No #1."},
                {"key": "C", "text": "Masseter", "feedback": ""},
            ],
            correct=["A"],
            explanation="Line one.\nLine two with 50% and ~tilde.",
        ),
        actor=admin_user,
    )
    question(safety, kind=Question.Kind.MULTIPLE, correct=("A", "C"), options=5)
    question(safety, kind=Question.Kind.SCENARIO, difficulty="easy")
    question(safety, is_active=False)
    question(safety, kind=Question.Kind.CASE, vignette=VignetteFactory(code="case-1"))


def _snapshot():
    return sorted(
        (
            q.kind,
            q.current_version.topic.name,
            q.current_version.difficulty,
            q.current_version.stem,
            q.current_version.options,
            q.current_version.correct,
            q.current_version.explanation,
            q.is_active,
            q.vignette.code if q.vignette else None,
        )
        for q in Question.objects.select_related("current_version__topic", "vignette")
    )


def _empty_the_bank():
    Question.objects.update(current_version=None)
    QuestionVersion.objects.all().delete()
    Question.objects.all().delete()
    QuestionImage.objects.all().delete()


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_export_imports_into_an_empty_bank_as_the_same_questions(admin_user, file_format):
    _bank(admin_user)
    before = _snapshot()
    exported = export_file(file_format)
    _empty_the_bank()

    result = import_bank(raw=exported, file_format=file_format, actor=admin_user)

    assert result.created == 5
    assert _snapshot() == before
    assert QuestionImage.objects.get().questions.count() == 1


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_export_imported_into_the_same_bank_changes_nothing(admin_user, file_format):
    _bank(admin_user)
    codes = set(Question.objects.values_list("code", flat=True))

    result = import_bank(raw=export_file(file_format), file_format=file_format, actor=admin_user)

    assert (result.created, result.changed, result.unchanged) == (0, 0, 5)
    assert set(Question.objects.values_list("code", flat=True)) == codes


@pytest.mark.parametrize(
    ("url_name", "content_type"),
    [
        ("exams:written_export_moodle", "application/xml"),
        ("exams:written_export_gift", "text/plain; charset=utf-8"),
        ("exams:written_export", "application/json"),
    ],
)
def test_the_export_pages_download_each_format_in_constant_queries(
    client, admin_user, django_assert_max_num_queries, url_name, content_type
):
    _bank(admin_user)
    client.force_login(admin_user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("url_name", ["exams:written_export_moodle", "exams:written_export_gift"])
def test_only_program_admins_export(client, applicant, url_name):
    client.force_login(applicant)

    assert client.get(reverse(url_name)).status_code == 403
