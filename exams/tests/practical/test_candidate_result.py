"""The candidate sees the result and the examiners' comments once the sitting is final."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .factories import rubric, sitting, submit

pytestmark = pytest.mark.django_db


def result_url(sitting_):
    return reverse("exams:my_practical_result", args=[sitting_.pk])


def test_it_shows_the_final_result_with_the_comments(client, applicant, examiner):
    exam = sitting(
        rubric_=rubric(cut_score=Decimal("50")), candidate=applicant, examiners=[examiner]
    )
    submit(exam, examiner, 4, 3, 3)
    client.force_login(applicant)

    html = client.get(result_url(exam)).content.decode()

    assert "<span data-result>Passed</span>" in html
    assert "87.50%" in html
    assert f"{examiner.full_legal_name}: “Observed.”" in html
    assert "Well prepared." in html


def test_before_the_result_is_final_it_shows_no_scores(client, applicant, examiner, co_examiner):
    exam = sitting(candidate=applicant, examiners=[examiner, co_examiner])
    submit(exam, examiner, 4, 3, 3)  # one of two examiners: not final
    client.force_login(applicant)

    response = client.get(result_url(exam), follow=True)

    html = response.content.decode()
    assert "Your result is not final yet." in html
    assert "Observed." not in html and "Well prepared." not in html
    assert response.redirect_chain[-1][0] == reverse("exams:my_practical")


def test_a_flagged_sitting_is_not_final_for_the_candidate(client, applicant, examiner, co_examiner):
    exam = sitting(
        rubric_=rubric(cut_score=Decimal("60")),
        candidate=applicant,
        examiners=[examiner, co_examiner],
    )
    submit(exam, examiner, 3, 3, 3)
    submit(exam, co_examiner, 2, 2, 2)
    client.force_login(applicant)

    html = client.get(result_url(exam), follow=True).content.decode()

    assert "Your result is not final yet." in html
    assert "Observed." not in html


def test_another_candidates_result_does_not_exist_for_them(client, stranger, examiner):
    exam = sitting(examiners=[examiner])
    submit(exam, examiner, 4, 4, 4)
    client.force_login(stranger)

    assert client.get(result_url(exam)).status_code == 404


def test_the_candidates_list_shows_the_status(client, applicant, examiner):
    exam = sitting(candidate=applicant, examiners=[examiner])
    client.force_login(applicant)

    html = client.get(reverse("exams:my_practical")).content.decode()

    assert f'data-sitting="{exam.pk}"' in html
    assert "Result not final yet" in html
    assert result_url(exam) not in html
