"""The applications page flags applications to a program whose accreditation is not valid."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from programs.models import Enrollment
from programs.tests.factories import CohortFactory, EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db
URL = reverse("programs:applications")


def application(program):
    cohort = CohortFactory(program=program)
    return EnrollmentFactory(
        applicant=UserFactory(), cohort=cohort, status=Enrollment.Status.APPLIED
    )


def test_it_flags_an_application_to_a_lapsed_program(client, admin_user):
    today = timezone.localdate()
    application(
        ProgramFactory(
            accredited_from=today - timedelta(days=900), accredited_until=today - timedelta(days=1)
        )
    )
    client.force_login(admin_user)

    html = client.get(URL).content.decode()

    assert "data-flag" in html and "Accreditation lapsed" in html


def test_it_does_not_flag_an_application_to_an_accredited_program(client, admin_user):
    application(ProgramFactory())
    client.force_login(admin_user)

    assert "data-flag" not in client.get(URL).content.decode()


def test_the_flag_costs_no_query_per_application(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    application(ProgramFactory())
    client.get(URL)
    with django_assert_max_num_queries(30) as one:
        client.get(URL)
    for _ in range(5):
        application(ProgramFactory())
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(URL)
