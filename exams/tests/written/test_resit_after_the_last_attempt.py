"""The written exam after its last failed attempt: the program's resit policy says what opens a
new round of attempts (new verified hands-on sessions, or a new enrollment)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.errors import DomainError
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.selectors.written import written_exam_status
from exams.services.written import start_attempt
from programs.models import Enrollment, TrainingProgram
from programs.tests.factories import HandsOnSessionFactory

from .factories import candidate_for, exam_with_bank
from .test_attempt_rules import sit_and_fail

pytestmark = pytest.mark.django_db


def exhausted(policy):
    exam = exam_with_bank(questions=2, attempts_allowed=2)
    TrainingProgram.objects.filter(pk=exam.program_id).update(
        written_after_last_failure=policy, resit_sessions_required=2
    )
    exam.program.refresh_from_db()
    candidate = candidate_for(exam)
    sit_and_fail(exam, candidate)
    sit_and_fail(exam, candidate)
    return exam, candidate, Enrollment.objects.get(applicant=candidate)


def verified_session(enrollment, performed_on):
    supervisor = UserFactory(roles=[Role.INSTRUCTOR])
    return HandsOnSessionFactory(
        enrollment=enrollment, supervisor=supervisor, verified=True, performed_on=performed_on
    )


@time_machine.travel(datetime(2026, 5, 1, 10, 0, tzinfo=UTC), tick=False)
def test_back_to_hands_on_new_sessions_open_a_new_round():
    exam, candidate, enrollment = exhausted(TrainingProgram.AfterLastFailure.HANDS_ON)

    with pytest.raises(DomainError, match=r"2 new verified hands-on sessions \(0 so far\)"):
        start_attempt(exam=exam, candidate=candidate)
    status = written_exam_status(candidate, exam.program)
    assert "2 new verified hands-on sessions" in status.missing[0]

    verified_session(enrollment, date(2026, 5, 2))
    with pytest.raises(DomainError, match=r"\(1 so far\)"):
        start_attempt(exam=exam, candidate=candidate)

    verified_session(enrollment, date(2026, 5, 3))
    attempt = start_attempt(exam=exam, candidate=candidate)
    assert attempt.number == 3
    assert written_exam_status(candidate, exam.program).attempts_used == 1


@time_machine.travel(datetime(2026, 5, 1, 10, 0, tzinfo=UTC), tick=False)
def test_a_new_enrollment_policy_says_so_and_sessions_do_not_reopen():
    exam, candidate, enrollment = exhausted(TrainingProgram.AfterLastFailure.NEW_ENROLLMENT)
    verified_session(enrollment, date(2026, 5, 2))
    verified_session(enrollment, date(2026, 5, 3))

    with pytest.raises(DomainError, match="needs a new enrollment"):
        start_attempt(exam=exam, candidate=candidate)
