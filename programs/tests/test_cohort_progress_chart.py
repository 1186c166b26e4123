"""The cohort pages of the instructor and of the admin chart each trainee's theory modules and
hands-on minimums, partial work counted, with the figures in text, at a constant query count."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from programs.models import Enrollment, HandsOnRequirements
from programs.tests.factories import (
    EnrollmentFactory,
    HandsOnSessionFactory,
    program_with_hands_on,
    trainee_in,
)
from programs.tests.test_theory_modules import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment():
    program = program_with_hands_on()
    # Sessions 6, hours 2, skin types 2, goals 2, glabellar lines 2 performed.
    HandsOnRequirements.objects.filter(program=program).update(min_verified_sessions=6)
    return trainee_in(program, full_legal_name="Bea Park")


def teaching(cohort):
    return reverse("programs:teaching_cohort", args=[cohort.pk])


def staff(cohort):
    return reverse("programs:staff_cohort", args=[cohort.pk])


def row_of(response, enrollment):
    [row] = [r for r in response.context["progress_rows"] if r.enrollment.pk == enrollment.pk]
    return row


def test_both_cohort_pages_chart_partial_progress(client, admin_user, enrollment):
    instructor = enrollment.cohort.instructors.get()
    record(enrollment, enrollment.program.modules.first(), instructor)
    HandsOnSessionFactory.create_batch(2, enrollment=enrollment, verified=True)

    for user, url in ((instructor, teaching), (admin_user, staff)):
        client.force_login(user)
        response = client.get(url(enrollment.cohort))
        row = row_of(response, enrollment)
        # Theory 1 of 3; hands-on (2/6 + 2/2 + 1/2 + 1/2 + 0/2) / 5 = 47%, though only one
        # minimum is fully met.
        assert (row.theory_percent, row.hands_on_percent) == (33, 47)
        page = response.content.decode()
        assert (
            f'data-progress="{enrollment.pk}" data-theory-percent="33" data-hands-on-percent="47"'
            in page
        )
        chart = page.split('data-testid="cohort-progress"')[1].split("</figure>")[0]
        assert "1 of 3" in chart and "47%" in chart and "<svg" in chart


def test_the_chart_leaves_out_who_does_not_count(client, admin_user, enrollment):
    withdrawn = EnrollmentFactory(
        applicant=UserFactory(), cohort=enrollment.cohort, status=Enrollment.Status.WITHDRAWN
    )
    client.force_login(admin_user)

    response = client.get(staff(enrollment.cohort), {"status": "withdrawn"})

    shown = [r.enrollment.pk for r in response.context["progress_rows"]]
    assert shown == [enrollment.pk]
    assert withdrawn.pk in [r.enrollment.pk for r in response.context["roster"].rows]


def test_the_charts_keep_a_constant_number_of_queries(
    client, admin_user, enrollment, django_assert_max_num_queries
):
    instructor = enrollment.cohort.instructors.get()
    HandsOnSessionFactory(enrollment=enrollment, verified=True)
    pages = ((instructor, teaching(enrollment.cohort)), (admin_user, staff(enrollment.cohort)))
    counts = []
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        with django_assert_max_num_queries(40) as few:
            client.get(url)
        counts.append(len(few.captured_queries))
    for _ in range(6):
        extra = trainee_in(enrollment.program)
        Enrollment.objects.filter(pk=extra.pk).update(cohort=enrollment.cohort)
        HandsOnSessionFactory.create_batch(2, enrollment=extra, verified=True)
    for (user, url), count in zip(pages, counts, strict=True):
        client.force_login(user)
        with django_assert_max_num_queries(count):
            response = client.get(url)
        assert len(response.context["progress_rows"]) == 7
