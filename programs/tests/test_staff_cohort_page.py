"""The cohort page lists its enrollments by status with theory progress, hands-on standing and
the accreditation flag, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from programs.models import Enrollment, TrainingProgram
from programs.selectors import hands_on_status_of, staff_cohort_roster, theory_progress
from programs.tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    HandsOnSessionFactory,
    ProgramFactory,
    complete_theory,
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def page(client, cohort, **params):
    return client.get(reverse("programs:staff_cohort", args=[cohort.pk]), params)


def test_it_lists_each_enrollment_with_name_status_and_applied_date(client, admin_user):
    cohort = CohortFactory(capacity=5)
    people = {
        status: EnrollmentFactory(
            applicant=UserFactory(full_legal_name=f"Person {status}"), cohort=cohort, status=status
        )
        for status in Status.values
    }
    client.force_login(admin_user)

    html = page(client, cohort).content.decode()

    for status, enrollment in people.items():
        assert f'data-enrollment="{enrollment.pk}"' in html
        assert f"Person {status}" in html
    assert timezone.localdate().strftime("%-d %b %Y") in html


def test_it_filters_by_status(client, admin_user):
    cohort = CohortFactory(capacity=5)
    waiting = EnrollmentFactory(applicant=UserFactory(), cohort=cohort, status=Status.WAITLISTED)
    seated = EnrollmentFactory(applicant=UserFactory(), cohort=cohort, status=Status.ENROLLED)
    client.force_login(admin_user)

    html = page(client, cohort, status="waitlisted").content.decode()

    assert f'data-enrollment="{waiting.pk}"' in html
    assert f'data-enrollment="{seated.pk}"' not in html


def test_an_unknown_status_is_named_as_wrong_and_lists_nobody(client, admin_user):
    cohort = CohortFactory(capacity=5)
    EnrollmentFactory(applicant=UserFactory(), cohort=cohort, status=Status.ENROLLED)
    client.force_login(admin_user)

    response = page(client, cohort, status="bogus")

    assert response.status_code == 200
    assert response.context["roster"].rows == []
    assert "data-filter-errors" in response.content.decode()


def _theory_cell(html: str, enrollment) -> str:
    """The theory cell of the enrollment's own row: a count elsewhere on the page is not it."""
    row = html.split(f'<tr data-enrollment="{enrollment.pk}">', 1)[1].split("</tr>", 1)[0]
    return row.split("<td data-theory>", 1)[1].split("</td>", 1)[0].strip()


def test_it_shows_theory_progress_and_hands_on_standing(client, admin_user):
    program = program_with_hands_on()
    done = trainee_with_hands_on_complete(program)
    starting = trainee_in(program)
    starting.cohort = done.cohort
    starting.save(update_fields=["cohort"])
    client.force_login(admin_user)

    html = page(client, done.cohort).content.decode()

    assert _theory_cell(html, done) == "3/3"
    assert _theory_cell(html, starting) == "0/3"
    rows = {row.enrollment.pk: row for row in page(client, done.cohort).context["roster"].rows}
    assert rows[done.pk].minimums_met and not rows[starting.pk].minimums_met


def test_its_hands_on_answer_agrees_with_the_full_status(admin_user):
    """The cohort-wide annotations give the same yes/no as hands_on_status_of, trainee by
    trainee, including the per-area minimums and observed sessions that do not count."""
    program = program_with_hands_on()
    complete = trainee_with_hands_on_complete(program)
    cohort = complete.cohort
    glabella = program.treatment_areas.get(name="Glabellar lines")

    def trainee(*sessions):
        enrollment = EnrollmentFactory(applicant=UserFactory(), cohort=cohort)
        for fields in sessions:
            HandsOnSessionFactory(enrollment=enrollment, **fields)
        return enrollment

    verified = {"verified": True, "areas": {glabella: 5}}
    trainee()
    trainee(
        *[
            {**verified, "skin_type": n, "goal": g}
            for n, g in ((1, "prevention"), (2, "symmetry"), (3, "symmetry"))
        ]
    )
    trainee(*[{**verified, "skin_type": n, "trainee_role": "observed"} for n in (1, 2, 3)])
    trainee(
        *[
            {"skin_type": n, "goal": g, "areas": {glabella: 5}}
            for n, g in ((1, "prevention"), (2, "symmetry"), (3, "symmetry"))
        ]
    )
    trainee(
        {**verified, "duration_minutes": 100, "skin_type": 1},
        {**verified, "duration_minutes": 30, "skin_type": 4, "goal": "prevention"},
        {"verified": True, "duration_minutes": 5, "skin_type": 4},
    )
    trainee(  # 115 minutes: 1.9 hours, short of 2 by the rounding the full status uses
        {**verified, "duration_minutes": 60, "skin_type": 1},
        {**verified, "duration_minutes": 50, "skin_type": 4, "goal": "prevention"},
        {"verified": True, "duration_minutes": 5, "skin_type": 4},
    )

    for row in staff_cohort_roster(cohort).rows:
        status = hands_on_status_of(row.enrollment)
        assert row.minimums_met == status.minimums_met, (row.hands_on_missing, status.missing)
        assert len(row.hands_on_missing) == len(status.missing)
        progress = theory_progress(row.enrollment)
        assert (row.theory_done, row.theory_total) == (progress.done, progress.total)


def test_it_shows_the_flag_of_enrollments_in_a_lapsed_program(client, admin_user):
    today = timezone.localdate()
    program = ProgramFactory(
        accredited_from=today - timedelta(days=900), accredited_until=today - timedelta(days=1)
    )
    cohort = CohortFactory(program=program)
    EnrollmentFactory(applicant=UserFactory(), cohort=cohort)
    client.force_login(admin_user)

    html = page(client, cohort).content.decode()

    assert "data-flag" in html
    assert TrainingProgram.Accreditation.LAPSED.label in html


def test_it_shows_no_flag_while_accredited(client, admin_user):
    cohort = CohortFactory()
    EnrollmentFactory(applicant=UserFactory(), cohort=cohort)
    client.force_login(admin_user)

    assert "data-flag" not in page(client, cohort).content.decode()


def _fill(cohort, count):
    areas = list(cohort.program.treatment_areas.all())
    for n in range(count):
        enrollment = EnrollmentFactory(
            applicant=UserFactory(), cohort=cohort, status=Status.values[n % len(Status.values)]
        )
        complete_theory(enrollment)
        HandsOnSessionFactory(enrollment=enrollment, verified=True, areas={a: 4 for a in areas})


def test_it_keeps_its_query_count_as_enrollments_grow(
    client, admin_user, django_assert_max_num_queries
):
    program = program_with_hands_on()
    cohort = trainee_in(program).cohort
    cohort.capacity = 100
    cohort.save(update_fields=["capacity"])
    client.force_login(admin_user)
    _fill(cohort, 2)
    page(client, cohort)  # warm per-process caches

    with django_assert_max_num_queries(40) as small:
        page(client, cohort)
    _fill(cohort, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = page(client, cohort)
    assert len(response.context["roster"].rows) == 18
