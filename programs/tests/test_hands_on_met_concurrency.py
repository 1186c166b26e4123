"""Two instructors verifying the two sessions that together meet a trainee's minimums, in real
concurrent transactions: `hands_on_met_at` ends set. `refresh_hands_on_met` locks the enrollment
row so the second counts the first's session; today the per-applicant pathway-version bump on
session save (certification/pathway_cache.py) serializes them earlier as well, so this test
guards the outcome rather than that particular lock."""

import threading
import time

import pytest
from django.db import connection, transaction

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from programs import services
from programs.models import Enrollment
from programs.tests.factories import program_with_hands_on, trainee_in
from programs.tests.test_hands_on_log import entry_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
FEEDBACK = {"technique": 4, "communication": 4, "judgement": 4, "comment": "Steady hands."}


def test_two_verifications_at_once_that_together_meet_the_minimums_set_it():
    enrollment = trainee_in(program_with_hands_on())
    second = UserFactory(roles=[Role.INSTRUCTOR])
    enrollment.cohort.instructors.add(second)
    first = enrollment.cohort.instructors.exclude(pk=second.pk).get()
    sessions = [
        services.log_session(
            enrollment=enrollment,
            actor=enrollment.applicant,
            entry=entry_for(enrollment, supervisor=supervisor, skin_type=skin, goal=goal),
        )
        for supervisor, skin, goal in [
            (first, 3, "soften_dynamic"),
            (first, 4, "prevention"),
            (second, 5, "soften_dynamic"),
        ]
    ]
    services.verify_session(session=sessions[0], actor=first, **FEEDBACK)
    first_verified = threading.Event()
    errors = []

    def verify_and_linger():
        """The first verification, its transaction held open a moment after it counted."""
        try:
            with transaction.atomic():
                services.verify_session(session=sessions[1], actor=first, **FEEDBACK)
                first_verified.set()
                time.sleep(0.5)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            first_verified.set()
            connection.close()

    def verify_meanwhile():
        try:
            first_verified.wait(timeout=10)
            services.verify_session(session=sessions[2], actor=second, **FEEDBACK)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=verify_and_linger),
        threading.Thread(target=verify_meanwhile),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Enrollment.objects.get(pk=enrollment.pk).hands_on_met_at is not None
