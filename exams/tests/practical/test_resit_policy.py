"""The program's practical resit policy, enforced when scheduling: attempts per round, the
waiting period, and what reopens the exam after the last failed attempt."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.errors import DomainError
from exams.models import GlobalRating, PracticalSitting
from exams.selectors.practical import practical_exam_status
from exams.services import practical as services
from exams.services.practical import examday
from programs.models import HandsOnSession, TrainingProgram
from programs.tests.factories import (
    HandsOnSessionFactory,
    program_with_hands_on,
    trainee_with_hands_on_complete,
)

from .factories import rubric, sitting, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    program = program_with_hands_on(
        practical_attempts_allowed=2,
        practical_wait_days=14,
        practical_after_last_failure=TrainingProgram.AfterLastFailure.HANDS_ON,
        resit_sessions_required=2,
    )
    enrollment = trainee_with_hands_on_complete(program)
    # Sessions well before any failure, so none of them counts as "new" (even near midnight).
    HandsOnSession.objects.filter(enrollment=enrollment).update(
        performed_on=timezone.localdate() - timedelta(days=10)
    )
    return program, rubric(program=program), enrollment


def fail(exam_rubric, candidate, examiner):
    exam = sitting(rubric_=exam_rubric, candidate=candidate, examiners=[examiner])
    submit(exam, examiner, 0, 0, 0, rating=GlobalRating.CLEAR_FAIL)
    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.FAILED
    return exam


def schedule(exam_rubric, candidate, admin, days):
    return services.schedule_sitting(
        candidate=candidate,
        rubric=exam_rubric,
        starts_at=timezone.now() + timedelta(days=days),
        duration_minutes=60,
        place="Room 1",
        actor=admin,
    )


def test_a_resit_inside_the_waiting_period_is_refused(setup, admin_user, examiner):
    program, exam_rubric, enrollment = setup
    fail(exam_rubric, enrollment.applicant, examiner)

    with pytest.raises(DomainError, match="waiting period"):
        schedule(exam_rubric, enrollment.applicant, admin_user, days=7)

    assert PracticalSitting.objects.filter(status="scheduled").count() == 0


def test_a_resit_after_the_waiting_period_is_allowed(setup, admin_user, examiner):
    program, exam_rubric, enrollment = setup
    fail(exam_rubric, enrollment.applicant, examiner)

    resit = schedule(exam_rubric, enrollment.applicant, admin_user, days=15)

    assert resit.status == PracticalSitting.Status.SCHEDULED


def test_the_status_says_when_the_next_attempt_opens(setup, examiner):
    program, exam_rubric, enrollment = setup
    failed = fail(exam_rubric, enrollment.applicant, examiner)

    status = practical_exam_status(enrollment.applicant, program)

    assert status.next_attempt_at == failed.result_at + timedelta(days=14)
    assert "next attempt opens on" in status.missing[0]


def test_after_the_last_attempt_new_hands_on_sessions_are_required(setup, admin_user, examiner):
    program, exam_rubric, enrollment = setup
    fail(exam_rubric, enrollment.applicant, examiner)
    fail(exam_rubric, enrollment.applicant, examiner)

    with pytest.raises(DomainError, match="All 2 attempts have been used"):
        schedule(exam_rubric, enrollment.applicant, admin_user, days=30)
    status = practical_exam_status(enrollment.applicant, program)
    assert (
        status.resit.exhausted
        and "2 new verified hands-on sessions (0 so far)" in (status.missing[0])
    )

    # Two new verified sessions after the failure reopen a round of attempts.
    for _ in range(2):
        HandsOnSessionFactory(
            enrollment=enrollment,
            verified=True,
            performed_on=timezone.localdate() + timedelta(days=1),
        )
    resit = schedule(exam_rubric, enrollment.applicant, admin_user, days=30)
    assert resit.status == PracticalSitting.Status.SCHEDULED


def test_after_the_last_attempt_a_new_enrollment_is_required(setup, admin_user, examiner):
    program, exam_rubric, enrollment = setup
    TrainingProgram.objects.filter(pk=program.pk).update(
        practical_after_last_failure=TrainingProgram.AfterLastFailure.NEW_ENROLLMENT
    )
    exam_rubric.program.refresh_from_db()
    fail(exam_rubric, enrollment.applicant, examiner)
    fail(exam_rubric, enrollment.applicant, examiner)

    with pytest.raises(DomainError, match="needs a new enrollment"):
        schedule(exam_rubric, enrollment.applicant, admin_user, days=30)


def test_a_no_show_uses_an_attempt_and_a_cancellation_does_not(setup, admin_user, examiner):
    program, exam_rubric, enrollment = setup
    TrainingProgram.objects.filter(pk=program.pk).update(
        practical_attempts_allowed=1, practical_wait_days=0
    )
    exam_rubric.program.refresh_from_db()
    cancelled = sitting(
        rubric_=exam_rubric,
        candidate=enrollment.applicant,
        starts_at=timezone.now() + timedelta(days=2),
    )
    examday.cancel_sitting(sitting=cancelled, actor=admin_user, reason="Room unavailable.")
    missed = sitting(
        rubric_=exam_rubric,
        candidate=enrollment.applicant,
        starts_at=timezone.now() - timedelta(hours=3),
        examiners=[examiner],
    )
    examday.mark_no_show(sitting=missed, actor=examiner)

    with pytest.raises(DomainError, match="All 1 attempts have been used"):
        schedule(exam_rubric, enrollment.applicant, admin_user, days=5)
