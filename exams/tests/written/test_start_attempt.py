"""Starting an attempt: who may, what is drawn, and what refuses."""

import pytest
from django.urls import reverse

from accounts.errors import DomainError
from accounts.tests.factories import qualified_applicant
from exams.models import Attempt
from exams.services.written import start_attempt
from programs.models import ModuleCompletion
from programs.tests.factories import CohortFactory, EnrollmentFactory

from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db


def test_it_starts_an_attempt_with_the_blueprints_number_of_questions(client):
    exam = exam_with_bank(questions=6, per_attempt=4)
    candidate = candidate_for(exam)
    client.force_login(candidate)

    response = client.post(reverse("exams:written_start", args=[exam.pk]), {"confirmed": "1"})

    attempt = Attempt.objects.get(candidate=candidate)
    assert response.url == reverse("exams:written_attempt", args=[attempt.pk])
    assert attempt.items.count() == 4
    assert attempt.status == Attempt.Status.OPEN


def test_it_is_locked_until_theory_is_complete_and_says_what_is_missing(client):
    exam = exam_with_bank()
    enrollment = EnrollmentFactory(cohort=CohortFactory(program=exam.program))
    client.force_login(enrollment.applicant)

    response = client.post(reverse("exams:written_start", args=[exam.pk]), follow=True)

    assert "unlocks when every theory module" in response.content.decode()
    assert not Attempt.objects.exists()


def test_it_refuses_someone_not_enrolled_in_the_program():
    exam = exam_with_bank()

    with pytest.raises(DomainError, match="Only trainees enrolled"):
        start_attempt(exam=exam, candidate=qualified_applicant())


def test_it_locks_again_when_a_module_completion_is_withdrawn():
    exam = exam_with_bank()
    candidate = candidate_for(exam)
    ModuleCompletion.objects.filter(enrollment__applicant=candidate).update(passed_assessment=False)

    with pytest.raises(DomainError, match="theory module"):
        start_attempt(exam=exam, candidate=candidate)


def test_it_refuses_a_second_open_attempt():
    exam = exam_with_bank()
    candidate = candidate_for(exam)
    start_attempt(exam=exam, candidate=candidate)

    with pytest.raises(DomainError, match="in progress"):
        start_attempt(exam=exam, candidate=candidate)

    assert Attempt.objects.count() == 1


def test_it_says_so_when_the_bank_cannot_fill_the_blueprint():
    exam = exam_with_bank(questions=2)
    exam.blueprint.update(count=5)
    candidate = candidate_for(exam)

    with pytest.raises(DomainError, match="cannot fill this exam's blueprint"):
        start_attempt(exam=exam, candidate=candidate)

    assert not Attempt.objects.exists()


def test_starting_asks_first_and_starts_no_clock_until_confirmed(client):
    exam = exam_with_bank(questions=6, per_attempt=4)
    candidate = candidate_for(exam)
    client.force_login(candidate)

    response = client.post(reverse("exams:written_start", args=[exam.pk]))

    assert "Yes, start the exam" in response.content.decode()
    assert not Attempt.objects.exists()

    client.post(reverse("exams:written_start", args=[exam.pk]), {"confirmed": "1"})

    assert Attempt.objects.filter(candidate=candidate, status=Attempt.Status.OPEN).exists()
