"""Who may examine a sitting: an examiner, not the candidate's instructor or supervisor, not
the candidate, and never at two sittings at the same time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from exams.models import ExaminerAssignment
from programs.tests.factories import CohortFactory, EnrollmentFactory

from .factories import examiner_user, rubric, sitting

pytestmark = pytest.mark.django_db


def assign(client, sitting_, examiner):
    return client.post(
        reverse("exams:sitting_assign", args=[sitting_.pk]), {"examiner": examiner.pk}, follow=True
    )


def test_an_admin_assigns_an_examiner_and_it_is_audited(client, admin_user, examiner):
    exam = sitting()
    client.force_login(admin_user)

    response = assign(client, exam, examiner)

    assert f"{examiner.full_legal_name} is assigned." in response.content.decode()
    assert ExaminerAssignment.objects.filter(sitting=exam, examiner=examiner).exists()
    assert AuditEntry.objects.filter(action="sitting.examiner_assigned", actor=admin_user).exists()


def test_an_instructor_of_the_candidates_cohort_cannot_examine_them(client, admin_user):
    both = examiner_user(full_legal_name="Ines Teacher")
    exams_rubric = rubric()
    cohort = CohortFactory(program=exams_rubric.program)
    cohort.instructors.add(both)
    enrollment = EnrollmentFactory(cohort=cohort)
    exam = sitting(rubric_=exams_rubric, candidate=enrollment.applicant)
    client.force_login(admin_user)

    response = assign(client, exam, both)

    assert "taught or supervised" in response.content.decode()
    assert not ExaminerAssignment.objects.filter(sitting=exam).exists()


def test_a_candidate_cannot_examine_their_own_sitting(client, admin_user):
    person = examiner_user()
    exam = sitting(candidate=person)
    client.force_login(admin_user)

    response = assign(client, exam, person)

    assert "cannot examine their own sitting" in response.content.decode()
    assert not ExaminerAssignment.objects.exists()


def test_an_examiner_cannot_be_at_two_sittings_at_the_same_time(client, admin_user, examiner):
    start = timezone.now() + timedelta(days=3)
    sitting(starts_at=start, duration_minutes=60, examiners=[examiner])
    overlapping = sitting(starts_at=start + timedelta(minutes=59))
    client.force_login(admin_user)

    response = assign(client, overlapping, examiner)

    assert "examines another sitting at that time" in response.content.decode()
    assert not ExaminerAssignment.objects.filter(sitting=overlapping).exists()


def test_back_to_back_sittings_do_not_overlap(client, admin_user, examiner):
    start = timezone.now() + timedelta(days=3)
    sitting(starts_at=start, duration_minutes=60, examiners=[examiner])
    next_one = sitting(starts_at=start + timedelta(minutes=60))
    client.force_login(admin_user)

    assign(client, next_one, examiner)

    assert ExaminerAssignment.objects.filter(sitting=next_one, examiner=examiner).exists()


def test_only_examiners_can_be_assigned(client, admin_user, instructor):
    exam = sitting()
    client.force_login(admin_user)

    response = assign(client, exam, instructor)

    assert "Choose an examiner from the list." in response.content.decode()
    assert not ExaminerAssignment.objects.exists()


def test_an_examiner_is_not_assigned_twice(client, admin_user, examiner):
    exam = sitting(examiners=[examiner])
    client.force_login(admin_user)

    response = assign(client, exam, examiner)

    assert "already assigned" in response.content.decode()
    assert ExaminerAssignment.objects.count() == 1


def test_an_admin_removes_an_examiner_who_has_not_submitted(client, admin_user, examiner):
    exam = sitting(examiners=[examiner])
    form = ExaminerAssignment.objects.get()
    client.force_login(admin_user)

    client.post(reverse("exams:sitting_unassign", args=[exam.pk, form.pk]))

    assert not ExaminerAssignment.objects.exists()


def test_only_admins_assign(client, examiner):
    exam = sitting()
    client.force_login(examiner)

    assert assign(client, exam, examiner).status_code == 403
    assert not ExaminerAssignment.objects.exists()
