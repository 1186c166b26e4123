"""The enrollment pages: what applicants see and do, what admins approve, what others may not."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import qualified_applicant
from programs import services
from programs.models import Enrollment
from programs.tests.factories import CohortFactory, ProgramFactory

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("programs:catalogue")


def test_an_applicant_who_is_not_eligible_sees_what_is_missing_and_a_link(client, applicant):
    CohortFactory()
    client.force_login(applicant)

    html = client.get(CATALOGUE).content.decode()

    assert "Complete step 1 before you apply" in html
    assert "license missing" in html
    assert reverse("accounts:qualifications") in html
    assert 'action="/programs/cohorts/' not in html  # no apply button


def test_an_eligible_applicant_applies_and_sees_the_enrollment(client):
    applicant = qualified_applicant()
    cohort = CohortFactory()
    client.force_login(applicant)

    response = client.post(reverse("programs:apply", args=[cohort.pk]), follow=True)

    enrollment = Enrollment.objects.get(applicant=applicant)
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert f'data-enrollment="{enrollment.pk}"' in response.content.decode()


def test_applying_when_not_eligible_is_refused_with_a_message(client, applicant):
    cohort = CohortFactory()
    client.force_login(applicant)

    response = client.post(reverse("programs:apply", args=[cohort.pk]), follow=True)

    assert "Complete your qualifications first" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_lapsed_program_is_listed_as_such_without_an_apply_button(client):
    today = timezone.localdate()
    program = ProgramFactory(
        accredited_from=today - timedelta(days=800), accredited_until=today - timedelta(days=1)
    )
    CohortFactory(program=program)
    client.force_login(qualified_applicant())

    html = client.get(CATALOGUE).content.decode()

    assert "Accreditation lapsed" in html
    assert 'action="/programs/cohorts/' not in html


def test_a_trainee_withdraws_only_their_own_enrollment(client, stranger):
    enrollment = services.apply_for_cohort(actor=qualified_applicant(), cohort=CohortFactory())
    client.force_login(stranger)

    response = client.post(reverse("programs:withdraw", args=[enrollment.pk]), {"confirmed": "1"})

    assert response.status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED


def test_an_admin_approves_an_application(client, admin_user):
    cohort = CohortFactory(program=ProgramFactory(approves_enrollment_automatically=False))
    enrollment = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    client.force_login(admin_user)
    assert (
        enrollment.applicant.email in client.get(reverse("programs:applications")).content.decode()
    )

    client.post(reverse("programs:approve", args=[enrollment.pk]))

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED


def test_an_applicant_cannot_approve(client, applicant):
    cohort = CohortFactory(program=ProgramFactory(approves_enrollment_automatically=False))
    enrollment = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    client.force_login(applicant)

    assert client.post(reverse("programs:approve", args=[enrollment.pk])).status_code == 403


def test_an_instructor_sees_their_cohorts_only(client, instructor):
    mine, theirs = CohortFactory(name="Mine"), CohortFactory(name="Theirs")
    mine.instructors.add(instructor)
    client.force_login(instructor)

    html = client.get(reverse("programs:instructor_home")).content.decode()

    assert f'data-cohort="{mine.pk}"' in html and f'data-cohort="{theirs.pk}"' not in html


def test_the_catalogue_keeps_its_query_count_as_programs_grow(
    client, django_assert_max_num_queries
):
    applicant = qualified_applicant()
    client.force_login(applicant)
    CohortFactory.create_batch(2)
    with django_assert_max_num_queries(30) as few:
        client.get(CATALOGUE)
    CohortFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(CATALOGUE)
    assert response.content.decode().count("data-cohort=") == 22


def test_no_apply_button_where_an_enrollment_is_already_active(client):
    applicant = qualified_applicant()
    cohort = CohortFactory()
    services.apply_for_cohort(actor=applicant, cohort=cohort)
    client.force_login(applicant)

    html = client.get(CATALOGUE).content.decode()

    assert reverse("programs:apply", args=[cohort.pk]) not in html


def test_the_applications_page_keeps_its_query_count_as_applications_grow(
    client, admin_user, django_assert_max_num_queries
):
    from programs.tests.factories import EnrollmentFactory

    client.force_login(admin_user)
    EnrollmentFactory(status=Enrollment.Status.APPLIED)
    url = reverse("programs:applications")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    EnrollmentFactory.create_batch(10, status=Enrollment.Status.APPLIED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count(">Approve</button>") == 11


def test_the_instructors_cohort_list_keeps_its_query_count(
    client, instructor, django_assert_max_num_queries
):
    client.force_login(instructor)
    CohortFactory().instructors.add(instructor)
    url = reverse("programs:instructor_home")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for cohort in CohortFactory.create_batch(10):
        cohort.instructors.add(instructor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("data-cohort=") == 11
