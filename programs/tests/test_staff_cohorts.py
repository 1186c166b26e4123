"""Program admins create and edit cohorts: ordered dates, capacity never below the trainees
enrolled, new seats go to the waitlist in order, and no trainee teaches their own cohort."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from programs.models import Cohort, Enrollment
from programs.tests.factories import CohortFactory, EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def cohort_data(**changes):
    today = timezone.localdate()
    data = {
        "name": "Autumn cohort",
        "starts_on": (today + timedelta(days=10)).isoformat(),
        "ends_on": (today + timedelta(days=100)).isoformat(),
        "location": "Oakland, CA",
        "capacity": 2,
        "instructors": [],
    }
    data.update(changes)
    return data


def edit_data(cohort: Cohort, **changes):
    current = {
        "name": cohort.name,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "location": cohort.location,
        "capacity": cohort.capacity,
        "instructors": [person.pk for person in cohort.instructors.all()],
    }
    return {**current, **changes}


def enroll(cohort, status, minutes_ago):
    # A qualified applicant: promotion passes over anyone who no longer qualifies.
    return EnrollmentFactory(
        cohort=cohort,
        status=status,
        applied_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_it_creates_a_cohort_with_instructors(client, admin_user, instructor):
    program = ProgramFactory()
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_cohort_new", args=[program.pk]),
        cohort_data(instructors=[instructor.pk]),
    )

    cohort = program.cohorts.get()
    assert response.url == reverse("programs:staff_cohort", args=[cohort.pk])
    assert (cohort.name, cohort.capacity) == ("Autumn cohort", 2)
    assert list(cohort.instructors.all()) == [instructor]
    entry = AuditEntry.objects.get(action="cohort.created")
    assert entry.data["instructors"] == [instructor.pk]


def test_it_offers_only_holders_of_the_instructor_role(client, admin_user, instructor, examiner):
    program = ProgramFactory()
    client.force_login(admin_user)
    url = reverse("programs:staff_cohort_new", args=[program.pk])

    choices = list(client.get(url).context["form"].fields["instructors"].queryset)
    response = client.post(url, cohort_data(instructors=[examiner.pk]))

    assert choices == [instructor]
    assert "instructors" in response.context["form"].errors
    assert not program.cohorts.exists()


def test_it_refuses_a_cohort_that_ends_before_it_starts(client, admin_user):
    program = ProgramFactory()
    client.force_login(admin_user)
    today = timezone.localdate()

    response = client.post(
        reverse("programs:staff_cohort_new", args=[program.pk]),
        cohort_data(starts_on=today.isoformat(), ends_on=(today - timedelta(days=1)).isoformat()),
    )

    assert "The cohort cannot end before it starts." in response.content.decode()
    assert not program.cohorts.exists()


def test_it_refuses_a_capacity_of_zero(client, admin_user):
    program = ProgramFactory()
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_cohort_new", args=[program.pk]), cohort_data(capacity=0)
    )

    assert "capacity" in response.context["form"].errors
    assert not program.cohorts.exists()


def test_it_refuses_a_capacity_below_the_trainees_enrolled(client, admin_user):
    cohort = CohortFactory(capacity=3)
    for minutes in (3, 2):
        enroll(cohort, Status.ENROLLED, minutes)
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_cohort_edit", args=[cohort.pk]), edit_data(cohort, capacity=1)
    )

    assert "2 trainees are enrolled; the capacity cannot go below that" in (
        response.content.decode()
    )
    cohort.refresh_from_db()
    assert cohort.capacity == 3


def test_it_lowers_the_capacity_down_to_the_trainees_enrolled(client, admin_user):
    cohort = CohortFactory(capacity=5)
    for minutes in (3, 2):
        enroll(cohort, Status.ENROLLED, minutes)
    client.force_login(admin_user)

    client.post(
        reverse("programs:staff_cohort_edit", args=[cohort.pk]), edit_data(cohort, capacity=2)
    )

    cohort.refresh_from_db()
    assert cohort.capacity == 2


def test_raising_the_capacity_promotes_the_waitlist_in_the_order_people_applied(client, admin_user):
    cohort = CohortFactory(capacity=1)
    enroll(cohort, Status.ENROLLED, 50)
    later = enroll(cohort, Status.WAITLISTED, 10)
    first = enroll(cohort, Status.WAITLISTED, 40)
    second = enroll(cohort, Status.WAITLISTED, 30)
    client.force_login(admin_user)

    client.post(
        reverse("programs:staff_cohort_edit", args=[cohort.pk]), edit_data(cohort, capacity=3)
    )

    statuses = {e.pk: e.status for e in Enrollment.objects.filter(cohort=cohort)}
    assert statuses[first.pk] == statuses[second.pk] == Status.ENROLLED
    assert statuses[later.pk] == Status.WAITLISTED
    entry = AuditEntry.objects.get(action="cohort.changed")
    assert entry.data["changed"]["capacity"] == [1, 3]
    assert entry.data["promoted_enrollments"] == sorted([first.pk, second.pk])


def test_it_refuses_an_instructor_who_is_a_trainee_of_the_cohort(client, admin_user):
    cohort = CohortFactory()
    trainee = UserFactory(roles=[Role.APPLICANT, Role.INSTRUCTOR], full_legal_name="Tia Trainee")
    EnrollmentFactory(applicant=trainee, cohort=cohort, status=Status.WAITLISTED)
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_cohort_edit", args=[cohort.pk]),
        edit_data(cohort, instructors=[trainee.pk]),
    )

    assert "Tia Trainee cannot teach this cohort: they are enrolled in it as a trainee." in (
        response.content.decode()
    )
    assert not cohort.instructors.exists()


def test_a_former_trainee_who_withdrew_may_teach_the_cohort(client, admin_user):
    cohort = CohortFactory()
    person = UserFactory(roles=[Role.APPLICANT, Role.INSTRUCTOR])
    EnrollmentFactory(applicant=person, cohort=cohort, status=Status.WITHDRAWN)
    client.force_login(admin_user)

    client.post(
        reverse("programs:staff_cohort_edit", args=[cohort.pk]),
        edit_data(cohort, instructors=[person.pk]),
    )

    assert list(cohort.instructors.all()) == [person]


def test_it_audits_the_changed_fields_and_instructors(client, admin_user, instructor):
    cohort = CohortFactory(location="San Francisco")
    client.force_login(admin_user)

    client.post(
        reverse("programs:staff_cohort_edit", args=[cohort.pk]),
        edit_data(cohort, location="Sacramento", instructors=[instructor.pk]),
    )

    entry = AuditEntry.objects.get(action="cohort.changed")
    assert entry.data["changed"] == {
        "location": ["San Francisco", "Sacramento"],
        "instructors": [[], [instructor.pk]],
    }
    assert entry.actor == admin_user


def test_the_service_rechecks_the_capacity_under_the_cohort_lock(admin_user):
    """The form's check can be overtaken by an approval in between; the service's cannot."""
    from accounts.errors import DomainError
    from programs import services

    cohort = CohortFactory(capacity=2)
    for minutes in (3, 2):
        enroll(cohort, Status.ENROLLED, minutes)

    with pytest.raises(DomainError, match="2 trainees are enrolled"):
        services.update_cohort(
            cohort=cohort, values={"capacity": 1}, instructors=[], actor=admin_user
        )

    cohort.refresh_from_db()
    assert cohort.capacity == 2
