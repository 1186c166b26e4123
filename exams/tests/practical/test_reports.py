"""Reports: examiners' stringency against co-examiners, agreement per rubric, the plot."""

from decimal import Decimal

import pytest
from django.urls import reverse

from exams.selectors.practical_reports import practical_report

from .factories import examiner_user, rubric, sitting, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    """Two examiners on three shared sittings; Strict scores 12.5 points under Lenient on two
    of them and the same on the third; they disagree on pass/fail once (cut 60)."""
    strict = examiner_user(full_legal_name="Sam Strict")
    lenient = examiner_user(full_legal_name="Lee Lenient")
    exam_rubric = rubric(cut_score=Decimal("60"), disagreement_threshold=Decimal("50"))
    for strict_scores, lenient_scores in [
        ((2, 2, 2), (3, 2, 2)),  # 50 vs 62.5: fail / pass
        ((3, 3, 3), (4, 3, 3)),  # 75 vs 87.5: pass / pass
        ((4, 4, 4), (4, 4, 4)),  # 100 vs 100: pass / pass
    ]:
        exam = sitting(rubric_=exam_rubric, examiners=[strict, lenient])
        submit(exam, strict, *strict_scores)
        submit(exam, lenient, *lenient_scores)
    solo = examiner_user(full_legal_name="Solo Examiner")
    submit(sitting(rubric_=exam_rubric, examiners=[solo]), solo, 2, 2, 2)
    return strict, lenient, solo, exam_rubric


def test_it_reports_each_examiners_sittings_mean_and_stringency(panel):
    strict, lenient, solo, _ = panel

    rows = {row.examiner_id: row for row in practical_report().examiners}

    assert (rows[strict.pk].sittings, rows[strict.pk].mean_score) == (3, Decimal("75.00"))
    assert rows[strict.pk].stringency == Decimal("-8.33")  # (-12.5 - 12.5 + 0) / 3
    assert rows[lenient.pk].stringency == Decimal("8.33")
    assert rows[solo.pk].sittings == 1 and rows[solo.pk].stringency is None


def test_it_reports_agreement_between_examiners_per_rubric(panel):
    *_, exam_rubric = panel

    (row,) = practical_report().rubrics

    assert row.rubric_id == exam_rubric.pk
    assert row.shared_sittings == 3
    assert row.agreement_percent == Decimal("66.67")
    # Strict passes 2 of 3, Lenient 3 of 3: expected agreement 2/3, observed 2/3 -> kappa 0
    assert row.kappa == Decimal("0.00")
    assert row.correlation == Decimal("0.98")


def test_the_page_has_the_tables_and_an_svg_plot(client, admin_user, panel):
    strict, *_ = panel
    client.force_login(admin_user)

    html = client.get(reverse("exams:practical_reports")).content.decode()

    assert '<svg role="img"' in html
    assert 'data-bar="Sam Strict"' in html
    assert f'<tr data-examiner="{strict.pk}">' in html
    assert "66.67%" in html


def test_the_page_keeps_its_query_count_as_sittings_grow(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    exam_rubric = rubric()

    def add_shared_sittings(count):
        for _ in range(count):
            pair = [examiner_user(), examiner_user()]
            exam = sitting(rubric_=exam_rubric, examiners=pair)
            for examiner in pair:
                submit(exam, examiner, 3, 3, 3)

    add_shared_sittings(1)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("exams:practical_reports"))
    add_shared_sittings(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("exams:practical_reports"))
    assert response.content.decode().count("<tr data-examiner=") == 22


def test_the_stringency_plot_has_a_text_alternative_and_no_inline_style(client, admin_user, panel):
    client.force_login(admin_user)

    html = client.get(reverse("exams:practical_reports")).content.decode()

    svg = html[html.index('<svg role="img"') : html.index("</svg>")]
    assert 'aria-labelledby="stringency-title stringency-desc"' in svg
    assert "Sam Strict: -8.33 (stricter)" in svg and "Lee Lenient: 8.33 (more lenient)" in svg
    assert "style=" not in svg
