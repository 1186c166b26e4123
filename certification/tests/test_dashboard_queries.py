"""The dashboard reads each part of the pathway once: the enrollment (with its program and
hands-on minimums), the trainee's sessions, the theory progress, the written exam with the
accommodations. Its query count holds as the trainee's records grow."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from certification.pathway import StepState, pathway_for
from exams.models.written import Accommodation
from exams.selectors.written import written_exam_status
from exams.services.written import start_attempt, submit_attempt
from exams.tests.written.factories import exam_with_bank
from programs.models import HandsOnSession
from programs.selectors import current_enrollment, hands_on_status_of, open_sessions_of
from programs.tests.factories import (
    HandsOnSessionFactory,
    program_with_hands_on,
    trainee_with_hands_on_complete,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("certification:dashboard")
# 4 for the session, the user and the role checks of the layout; 14 for the pathway (it was
# 24: the enrollment, the theory progress and the accommodations were read more than once).
DASHBOARD_QUERIES = 18


@pytest.fixture(autouse=True)
def _documents(private_storage):
    return private_storage


def deep_in_the_pathway():
    """A trainee with every step up to the exams under way: a failed written attempt."""
    program = program_with_hands_on()
    exam = exam_with_bank(questions=2, program=program)
    enrollment = trainee_with_hands_on_complete(program)
    candidate = enrollment.applicant
    submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)
    return enrollment, exam


def test_the_dashboard_reads_the_pathway_once_whatever_the_records(
    client, django_assert_max_num_queries
):
    enrollment, exam = deep_in_the_pathway()
    client.force_login(enrollment.applicant)
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as few:
        assert client.get(DASHBOARD).status_code == 200

    HandsOnSessionFactory.create_batch(4, enrollment=enrollment, verified=True)
    HandsOnSessionFactory.create_batch(
        2, enrollment=enrollment, status=HandsOnSession.Status.RETURNED
    )
    HandsOnSessionFactory.create_batch(2, enrollment=enrollment)
    candidate = enrollment.applicant
    submit_attempt(attempt=start_attempt(exam=exam, candidate=candidate), actor=candidate)
    Accommodation.objects.create(
        exam=exam,
        candidate=candidate,
        extra_attempts=1,
        reason="dyslexia",
        granted_by=UserFactory(),
    )

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(DASHBOARD).content.decode()
    assert page.count("data-returned") == 2


def test_the_pathway_reads_what_each_selector_reads_on_its_own():
    enrollment, exam = deep_in_the_pathway()
    HandsOnSessionFactory(enrollment=enrollment, status=HandsOnSession.Status.RETURNED)
    HandsOnSessionFactory(enrollment=enrollment)
    candidate = enrollment.applicant
    Accommodation.objects.create(
        exam=exam,
        candidate=candidate,
        extra_attempts=2,
        reason="dyslexia",
        granted_by=UserFactory(),
    )

    steps = pathway_for(candidate)

    assert steps[1].state == StepState.COMPLETE  # theory read once, for steps 2 and 4
    sent_back = [need for need in steps[2].needs if need.returned]
    waiting = [need for need in steps[2].needs if need.who == "your supervisor"]
    assert len(sent_back) == 1 and len(waiting) == 1
    hands_on = hands_on_status_of(current_enrollment(candidate))
    assert hands_on.open_sessions == open_sessions_of(enrollment)
    # The accommodation is summed with the exam, whoever reads the status: 3 + 2 attempts.
    on_its_own = written_exam_status(candidate, exam.program)
    handed = written_exam_status(candidate, exam.program, enrollment=enrollment, theory_done=True)
    assert on_its_own.attempts_allowed == handed.attempts_allowed == 5
    assert on_its_own.attempts_used == handed.attempts_used == 1
    assert steps[3].state == StepState.IN_PROGRESS
