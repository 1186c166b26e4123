"""The practical exam's demo data: a rubric, sittings to score, finished sittings; idempotent."""

import pytest
from django.test.utils import override_settings

from accounts.demo import seed_people, seed_qualifications
from exams.demo import seed_practical_exam
from exams.models import ExaminerAssignment, PracticalSitting, Rubric
from exams.selectors.practical_reports import borderline_regression, practical_report
from programs.demo import seed_programs

pytestmark = pytest.mark.django_db

Status = PracticalSitting.Status


def counts():
    return (
        Rubric.objects.count(),
        PracticalSitting.objects.count(),
        ExaminerAssignment.objects.count(),
    )


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def test_it_seeds_a_rubric_sittings_to_score_and_finished_sittings_once():
    seed_people()
    seed_qualifications()
    seed_programs()

    seed_practical_exam()
    first = counts()
    seed_practical_exam()

    assert counts() == first
    rubric = Rubric.objects.get()
    criteria = rubric.versions.get().criteria.all()
    assert 12 <= len(criteria) <= 15 and len({c.section for c in criteria}) == 6
    assert any(c.is_critical for c in criteria)
    to_score = ExaminerAssignment.objects.filter(
        examiner__email="examiner@demo.test", status=ExaminerAssignment.Status.DRAFT
    )
    assert to_score.count() >= 1
    statuses = set(PracticalSitting.objects.values_list("status", flat=True))
    assert {Status.PASSED, Status.FAILED, Status.FLAGGED} <= statuses
    report = practical_report()
    assert {row.name for row in report.examiners if row.stringency is not None} >= {
        "Dr. Marcus Lindqvist",
        "Dr. Amara Osei",
    }
    assert borderline_regression(rubric).cut is not None
