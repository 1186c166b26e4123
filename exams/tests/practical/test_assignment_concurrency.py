"""Two admins assigning one examiner to two overlapping sittings at the same moment."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.errors import DomainError
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from exams.models import ExaminerAssignment
from exams.services import practical as services

from .factories import examiner_user, sitting

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_one_examiner_ends_up_at_one_of_two_overlapping_sittings():
    examiner = examiner_user()
    admins = [UserFactory(roles=[Role.PROGRAM_ADMIN]) for _ in range(2)]
    start = timezone.now() + timedelta(days=2)
    sittings = [sitting(starts_at=start), sitting(starts_at=start + timedelta(minutes=30))]
    barrier = threading.Barrier(2)
    refused, errors = [], []

    def assign(exam, admin):
        try:
            barrier.wait()
            services.assign_examiner(sitting=exam, examiner=examiner, actor=admin)
        except DomainError as error:
            refused.append(str(error))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    pairs = zip(sittings, admins, strict=True)
    threads = [threading.Thread(target=assign, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert ExaminerAssignment.objects.filter(examiner=examiner).count() == 1
    assert len(refused) == 1 and "another sitting at that time" in refused[0]
