"""Step 2: who may enroll, seats, the waitlist and its order, one active enrollment per program."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.actors import SYSTEM
from accounts.errors import DomainError
from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory, qualified_applicant
from programs import services
from programs.models import Enrollment
from programs.tests.factories import CohortFactory, ProgramFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


def test_it_enrolls_an_eligible_applicant_when_the_program_approves_automatically():
    cohort = CohortFactory(capacity=1)

    enrollment = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)

    assert enrollment.status == Status.ENROLLED
    actions = AuditEntry.objects.filter(target_id=str(enrollment.pk)).values_list("action")
    assert {a for (a,) in actions} == {"enrollment.applied", "enrollment.enrolled"}


def test_it_refuses_an_applicant_who_is_not_eligible_and_says_what_is_missing():
    with pytest.raises(DomainError, match="license missing"):
        services.apply_for_cohort(actor=UserFactory(), cohort=CohortFactory())

    assert not Enrollment.objects.exists()


@pytest.mark.parametrize(
    "accredited_from, accredited_until",
    [(-730, -1), (10, 400)],
    ids=["lapsed", "not-yet-valid"],
)
def test_it_takes_no_enrollment_in_a_program_without_valid_accreditation(
    accredited_from, accredited_until
):
    today = timezone.localdate()
    program = ProgramFactory(
        accredited_from=today + timedelta(days=accredited_from),
        accredited_until=today + timedelta(days=accredited_until),
    )

    with pytest.raises(DomainError, match="not accredited"):
        services.apply_for_cohort(
            actor=qualified_applicant(), cohort=CohortFactory(program=program)
        )

    assert not Enrollment.objects.exists()


def test_it_waitlists_when_the_cohort_is_full():
    cohort = CohortFactory(capacity=1)
    services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)

    second = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)

    assert second.status == Status.WAITLISTED


def test_it_allows_one_active_enrollment_per_program():
    applicant = qualified_applicant()
    program = ProgramFactory()
    services.apply_for_cohort(actor=applicant, cohort=CohortFactory(program=program))

    with pytest.raises(DomainError, match="already have an active enrollment"):
        services.apply_for_cohort(actor=applicant, cohort=CohortFactory(program=program))

    assert Enrollment.objects.filter(applicant=applicant).count() == 1


def test_it_allows_a_new_enrollment_after_withdrawing():
    applicant = qualified_applicant()
    program = ProgramFactory()
    first = services.apply_for_cohort(actor=applicant, cohort=CohortFactory(program=program))
    services.withdraw_enrollment(enrollment=first, actor=applicant)

    second = services.apply_for_cohort(actor=applicant, cohort=CohortFactory(program=program))

    assert second.status == Status.ENROLLED


def test_a_freed_seat_goes_to_the_longest_waiting_applicant():
    cohort = CohortFactory(capacity=1)
    seated = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    first_waiting = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    second_waiting = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)

    services.withdraw_enrollment(enrollment=seated, actor=seated.applicant)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (first_waiting.status, second_waiting.status) == (Status.ENROLLED, Status.WAITLISTED)


def test_withdrawing_from_the_waitlist_promotes_nobody():
    cohort = CohortFactory(capacity=1)
    services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    waiting = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    behind = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)

    services.withdraw_enrollment(enrollment=waiting, actor=waiting.applicant)

    behind.refresh_from_db()
    assert behind.status == Status.WAITLISTED


def test_an_application_waits_for_approval_when_the_program_wants_it(admin_user):
    cohort = CohortFactory(program=ProgramFactory(approves_enrollment_automatically=False))
    enrollment = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    assert enrollment.status == Status.APPLIED

    services.approve_enrollment(enrollment=enrollment, actor=admin_user)

    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED
    assert AuditEntry.objects.get(action="enrollment.enrolled").actor == admin_user


def test_only_a_program_admin_approves(instructor):
    cohort = CohortFactory(program=ProgramFactory(approves_enrollment_automatically=False))
    enrollment = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)

    with pytest.raises(DomainError):
        services.approve_enrollment(enrollment=enrollment, actor=instructor)

    enrollment.refresh_from_db()
    assert enrollment.status == Status.APPLIED


def test_a_trainee_cannot_withdraw_someone_else():
    cohort = CohortFactory()
    enrollment = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)

    with pytest.raises(DomainError):
        services.withdraw_enrollment(enrollment=enrollment, actor=qualified_applicant())

    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED


def test_an_instructor_cannot_enroll_in_a_cohort_they_teach():
    from accounts.roles import Role
    from accounts.services import grant_role

    applicant = qualified_applicant()
    cohort = CohortFactory()
    grant_role(user=applicant, role=Role.INSTRUCTOR, actor=SYSTEM)
    cohort.instructors.add(applicant)
    with pytest.raises(DomainError, match="You teach this cohort"):
        services.apply_for_cohort(actor=applicant, cohort=cohort)
    assert not Enrollment.objects.exists()
