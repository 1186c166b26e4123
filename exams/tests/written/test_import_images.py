"""Images in imported question texts are kept: checked by content, stored privately, and
served only to program admins and to candidates whose attempt shows the question."""

import pytest
from django.urls import reverse

from accounts.errors import DomainError
from exams.models import Question, QuestionImage, Topic
from exams.services.written import start_attempt
from exams.services.written_import import import_bank

from .factories import candidate_for, exam_with_bank
from .import_files import moodle, moodle_file, multichoice, png

pytestmark = pytest.mark.django_db

STEM = '<p>Which muscle is marked?</p><p><img src="@@PLUGINFILE@@/brow.png" alt="The brow"></p>'


def _import_with_image(by, data=None):
    raw = moodle(multichoice(stem=STEM, files=moodle_file("brow.png", data or png())))
    import_bank(raw=raw, file_format="moodle", actor=by)
    return Question.objects.get()


def test_an_image_in_a_moodle_question_text_is_stored_and_named_in_the_text(admin_user):
    question = _import_with_image(admin_user)

    image = QuestionImage.objects.get()
    assert question.current_version.stem == (
        f"Which muscle is marked?\n[image:{image.sha256} The brow]"
    )
    assert image.content_type == "image/png"
    assert list(image.questions.all()) == [question]
    with image.file.open("rb") as handle:
        assert handle.read() == png()


def test_an_image_that_is_not_an_image_is_refused_by_its_content(admin_user):
    with pytest.raises(DomainError, match=r"Question 1\): the image 'brow.png' is refused"):
        _import_with_image(admin_user, data=b"<script>alert(1)</script>" * 20)

    assert not Question.objects.exists() and not QuestionImage.objects.exists()


def test_a_pdf_passed_off_as_an_image_is_refused(admin_user):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    with pytest.raises(DomainError, match="not a PNG or JPEG image"):
        _import_with_image(admin_user, data=pdf)


def test_an_image_linked_from_another_server_is_refused_rather_than_dropped(admin_user):
    stem = '<p>Which?</p><img src="https://example.com/x.png" alt="x">'

    with pytest.raises(DomainError, match="is a link, not included in the file"):
        import_bank(raw=moodle(multichoice(stem=stem)), file_format="moodle", actor=admin_user)


def test_the_same_image_twice_is_stored_once(admin_user):
    second = multichoice("Question 2", stem=STEM + "?", files=moodle_file("brow.png", png()))
    first = multichoice(stem=STEM, files=moodle_file("brow.png", png()))

    import_bank(raw=moodle(first, second), file_format="moodle", actor=admin_user)

    assert QuestionImage.objects.get().questions.count() == 2


def _drawn_by_candidate(admin_user):
    question = _import_with_image(admin_user)
    exam = exam_with_bank(questions=0, per_attempt=1, topic=Topic.objects.get())
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    return question, candidate, attempt


def test_a_candidate_whose_attempt_shows_the_question_sees_the_image(client, admin_user):
    _, candidate, attempt = _drawn_by_candidate(admin_user)
    image = QuestionImage.objects.get()
    client.force_login(candidate)

    page = client.get(reverse("exams:written_attempt", args=[attempt.pk]))
    response = client.get(reverse("exams:written_question_image", args=[image.sha256]))

    url = reverse("exams:written_question_image", args=[image.sha256])
    assert f'src="{url}" alt="The brow"' in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()


def test_another_candidate_gets_a_404_for_the_image(client, admin_user, applicant):
    _drawn_by_candidate(admin_user)
    client.force_login(applicant)

    url = reverse("exams:written_question_image", args=[QuestionImage.objects.get().sha256])

    assert client.get(url).status_code == 404


def test_a_program_admin_sees_the_image(client, admin_user):
    _import_with_image(admin_user)
    client.force_login(admin_user)

    url = reverse("exams:written_question_image", args=[QuestionImage.objects.get().sha256])

    assert client.get(url).status_code == 200


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, admin_user):
    _import_with_image(admin_user)

    url = reverse("exams:written_question_image", args=[QuestionImage.objects.get().sha256])

    assert client.get(url).status_code == 302
