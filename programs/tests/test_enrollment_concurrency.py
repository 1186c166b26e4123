"""Two applicants taking the last seat at the same moment, in real concurrent transactions."""

import threading

import pytest
from django.db import connection

from accounts.tests.factories import qualified_applicant
from programs import services
from programs.models import Enrollment
from programs.tests.factories import CohortFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_applicants_for_the_last_seat_yield_one_enrolled_and_one_waitlisted():
    cohort = CohortFactory(capacity=1)
    applicants = [qualified_applicant(), qualified_applicant()]
    start = threading.Barrier(2)
    errors = []

    def apply(applicant):
        try:
            start.wait()
            services.apply_for_cohort(actor=applicant, cohort=cohort)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(a,)) for a in applicants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    statuses = sorted(Enrollment.objects.filter(cohort=cohort).values_list("status", flat=True))
    assert statuses == [Enrollment.Status.ENROLLED, Enrollment.Status.WAITLISTED]
