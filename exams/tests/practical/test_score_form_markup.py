"""The score form's criteria are written by a template tag (exams/templatetags/score_form.py)
rather than by template loops, from what the fields show (ScoreSheet: the saved values on a
GET, with no form built; the posted values and errors after a refused POST); the markup is the
one the template wrote with the form's bound fields: the same elements, names, ids, labels,
checked level and error messages, every value escaped."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template

from exams.forms.practical import ScoreForm, ScoreSheet, comment_field, score_field
from exams.selectors.practical import SavedScore
from exams.services.practical import CriterionData

from .factories import criteria_of, form_of, rubric, sitting

pytestmark = pytest.mark.django_db

# The template's markup of one criterion before the tag, kept as the reference.
TEMPLATE_MARKUP = (Path(__file__).parent / "score_criterion_before.html").read_text()


def _same_page(html: str) -> str:
    """Whitespace the browser ignores: between tags, and runs of it."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def _both(form, sheet, criterion):
    old = Template(TEMPLATE_MARKUP).render(
        Context(
            {
                "criterion": criterion,
                "score": form[score_field(criterion)],
                "comment": form[comment_field(criterion)],
            }
        )
    )
    new = Template("{% load score_form %}{% criterion_fields criterion score comment %}").render(
        Context(
            {
                "criterion": criterion,
                "score": sheet[score_field(criterion)],
                "comment": sheet[comment_field(criterion)],
            }
        )
    )
    return _same_page(old), _same_page(new)


def _criteria(examiner):
    made = rubric(
        criteria=[
            CriterionData(
                section="injection_technique",
                text='Depth <and> "angle" & asepsis',
                weight=Decimal("1.50"),
                anchors=["Unsafe", "Poor <b>", "", "Good", "Excellent"],
                is_critical=True,
                critical_pass_level=2,
            ),
            CriterionData(section="communication", text="Aftercare", weight=Decimal(2)),
        ]
    )
    exam = sitting(rubric_=made, examiners=[examiner])
    return exam, criteria_of(exam)


def test_a_saved_draft_is_written_as_the_template_wrote_it(examiner):
    exam, criteria = _criteria(examiner)

    assignment = form_of(exam, examiner)
    scores = {criteria[0].pk: SavedScore(3, 'Too <deep> & "fast"')}
    form = ScoreForm(criteria=criteria, assignment=assignment, scores=scores)
    sheet = ScoreSheet.saved(assignment, criteria, scores)

    for criterion in criteria:
        old, new = _both(form, sheet, criterion)
        assert new == old
    assert 'value="3" checked>' in _both(form, sheet, criteria[0])[1]


def test_a_refused_submission_shows_its_errors_as_the_template_did(examiner):
    exam, criteria = _criteria(examiner)
    data = {
        "global_rating": "clear_pass",
        score_field(criteria[0]): "0",  # a failed critical item needs a comment
        comment_field(criteria[0]): "",
        score_field(criteria[1]): "9",  # off the scale
        comment_field(criteria[1]): "x" * 2001,  # too long
    }
    form = ScoreForm(
        data, criteria=criteria, assignment=form_of(exam, examiner), scores={}, submitting=True
    )
    assert not form.is_valid()
    sheet = ScoreSheet.posted(form)

    for criterion in criteria:
        old, new = _both(form, sheet, criterion)
        assert new == old
    assert "data-error=" in _both(form, sheet, criteria[1])[1]
    assert "is-invalid" in _both(form, sheet, criteria[1])[1]
