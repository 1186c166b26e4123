"""Bad input on the score form: refused with a clear message, nothing changed."""

import pytest
from django.urls import reverse

from accounts.errors import DomainError
from exams.models import CriterionScore, ExaminerAssignment
from exams.services import practical as services

from .factories import criteria_of, form_data, form_of, scores, sitting, submit

pytestmark = pytest.mark.django_db


def post(client, form, data):
    return client.post(reverse("exams:score_form", args=[form.pk]), data, follow=True)


def snapshot(form):
    form.refresh_from_db()
    return (
        form.status,
        form.global_rating,
        form.weighted_score,
        sorted(CriterionScore.objects.filter(assignment=form).values_list("score", "comment")),
    )


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_score_outside_the_scale_is_refused(client, examiner, action):
    exam = sitting(examiners=[examiner])
    form = form_of(exam, examiner)
    client.force_login(examiner)

    response = post(client, form, form_data(exam, 4, 7, 3, action=action))

    assert "7 is outside the scale; give a score from 0 to 4." in response.content.decode()
    assert not CriterionScore.objects.filter(assignment=form).exists()
    form.refresh_from_db()
    assert form.status == ExaminerAssignment.Status.DRAFT


def test_the_service_refuses_a_score_outside_the_scale(examiner):
    exam = sitting(examiners=[examiner])

    with pytest.raises(DomainError, match="outside its scale"):
        services.save_draft(
            assignment=form_of(exam, examiner), actor=examiner, scores=scores(exam, 5, 1, 1)
        )

    assert not CriterionScore.objects.exists()


def test_a_submitted_form_is_locked(client, examiner):
    exam = sitting(examiners=[examiner])
    submit(exam, examiner, 4, 3, 3)
    form = form_of(exam, examiner)
    before = snapshot(form)
    client.force_login(examiner)

    for action in ("save", "submit"):
        response = post(client, form, form_data(exam, 0, 0, 0, action=action))
        assert "This form was submitted and is locked; nothing was changed." in (
            response.content.decode()
        )

    assert snapshot(form) == before


def test_the_service_refuses_to_edit_a_submitted_form(examiner):
    exam = sitting(examiners=[examiner])
    submit(exam, examiner, 4, 3, 3)
    form = form_of(exam, examiner)
    before = snapshot(form)

    with pytest.raises(DomainError, match="locked"):
        services.save_draft(assignment=form, actor=examiner, scores=scores(exam, 0, 0, 0))
    with pytest.raises(DomainError, match="locked"):
        submit(exam, examiner, 0, 0, 0)

    assert snapshot(form) == before


def test_another_examiners_form_does_not_exist_for_them(client, examiner, co_examiner):
    exam = sitting(examiners=[examiner, co_examiner])
    theirs = form_of(exam, co_examiner)
    before = snapshot(theirs)
    client.force_login(examiner)

    url = reverse("exams:score_form", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(exam, 4, 4, 4)).status_code == 404

    assert snapshot(theirs) == before


def test_a_form_number_past_the_databases_integers_does_not_exist(client, examiner):
    client.force_login(examiner)

    url = reverse("exams:score_form", args=[2**64])
    assert client.get(url).status_code == 404


def test_the_service_refuses_another_examiners_form(examiner, co_examiner):
    exam = sitting(examiners=[examiner, co_examiner])
    theirs = form_of(exam, co_examiner)
    before = snapshot(theirs)

    with pytest.raises(DomainError, match="belongs to another examiner"):
        services.submit_scores(
            assignment=theirs,
            actor=examiner,
            scores=scores(exam, 4, 4, 4),
            global_rating="clear_pass",
        )

    assert snapshot(theirs) == before


def test_only_examiners_open_score_forms(client, applicant, examiner):
    exam = sitting(examiners=[examiner], candidate=applicant)
    client.force_login(applicant)

    response = client.get(reverse("exams:score_form", args=[form_of(exam, examiner).pk]))

    assert response.status_code == 403
    assert criteria_of(exam)  # the form exists; the applicant just may not see it
