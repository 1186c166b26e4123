"""An examiner who comes to teach or supervise their candidate after being assigned: the
assignment is flagged when the conflict appears, scoring is refused, admins see the flag."""

import pytest
from django.urls import reverse

from accounts.errors import DomainError
from accounts.models import AuditEntry
from exams.models import CriterionScore, ExaminerAssignment, PracticalSitting
from programs.models import Cohort
from programs.tests.factories import HandsOnSessionFactory, trainee_in

from .factories import form_data, form_of, rubric, sitting, submit

pytestmark = pytest.mark.django_db


def sitting_of_a_trainee(examiner):
    enrollment = trainee_in(rubric().program)
    exam_rubric = rubric(program=enrollment.program)
    return enrollment, sitting(
        rubric_=exam_rubric, candidate=enrollment.applicant, examiners=[examiner]
    )


def test_becoming_an_instructor_of_the_cohort_flags_the_assignment(examiner):
    enrollment, exam = sitting_of_a_trainee(examiner)

    enrollment.cohort.instructors.add(examiner)

    form = form_of(exam, examiner)
    assert form.conflict_flagged_at is not None
    assert "instructor of the candidate's cohort" in form.conflict_reason
    assert AuditEntry.objects.filter(action="sitting.examiner_conflict_flagged").count() == 1


def test_the_reverse_side_of_the_relation_flags_too(examiner):
    enrollment, exam = sitting_of_a_trainee(examiner)

    examiner.teaching_cohorts.add(enrollment.cohort)

    assert form_of(exam, examiner).conflict_flagged_at is not None


def test_supervising_a_session_of_the_candidate_flags_the_assignment(examiner):
    enrollment, exam = sitting_of_a_trainee(examiner)

    HandsOnSessionFactory(enrollment=enrollment, supervisor=examiner)

    assert form_of(exam, examiner).conflict_flagged_at is not None


def test_other_cohorts_and_other_examiners_are_not_flagged(examiner, co_examiner):
    enrollment, exam = sitting_of_a_trainee(examiner)
    other = trainee_in(enrollment.program)

    other.cohort.instructors.add(co_examiner)
    enrollment.cohort.instructors.add(co_examiner)  # co_examiner is not on this sitting

    assert form_of(exam, examiner).conflict_flagged_at is None


def test_scoring_is_refused_after_the_conflict_appears(client, examiner):
    enrollment, exam = sitting_of_a_trainee(examiner)
    enrollment.cohort.instructors.add(examiner)

    with pytest.raises(DomainError, match="cannot score"):
        submit(exam, examiner, 4, 4, 4)
    client.force_login(examiner)
    form = form_of(exam, examiner)
    response = client.post(
        reverse("exams:score_form", args=[form.pk]), form_data(exam, 4, 4, 4), follow=True
    )

    assert "A program admin will reassign the sitting" in response.content.decode()
    assert not CriterionScore.objects.exists()
    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.SCHEDULED


def test_scoring_rechecks_the_conflict_even_without_a_flag(examiner):
    enrollment, exam = sitting_of_a_trainee(examiner)
    # Written straight to the table, as an import might: no signal, no flag.
    Cohort.instructors.through.objects.create(cohort=enrollment.cohort, user=examiner)
    assert form_of(exam, examiner).conflict_flagged_at is None

    with pytest.raises(DomainError, match="taught or supervised this candidate"):
        submit(exam, examiner, 4, 4, 4)

    assert form_of(exam, examiner).status == ExaminerAssignment.Status.DRAFT


def test_the_admin_sees_the_flag_and_can_reassign(client, admin_user, examiner, co_examiner):
    enrollment, exam = sitting_of_a_trainee(examiner)
    enrollment.cohort.instructors.add(examiner)
    client.force_login(admin_user)

    html = client.get(reverse("exams:sitting_detail", args=[exam.pk])).content.decode()
    assert "data-conflict" in html and "Remove this examiner" in html

    form = form_of(exam, examiner)
    client.post(reverse("exams:sitting_unassign", args=[exam.pk, form.pk]))
    client.post(reverse("exams:sitting_assign", args=[exam.pk]), {"examiner": co_examiner.pk})

    assert list(exam.assignments.values_list("examiner", flat=True)) == [co_examiner.pk]
