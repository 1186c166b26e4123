"""Eligibility is asked again at every move into "enrolled": an admin's approval and a promotion
from the waitlist (a seat freed, capacity raised) refuse or pass over an applicant whose license
expired after they applied."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from accounts.models import AuditEntry, MedicalLicense
from accounts.tests.factories import qualified_applicant
from programs import services
from programs.models import Enrollment
from programs.tests.factories import CohortFactory, ProgramFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


def expire_license_of(user):
    yesterday = timezone.localdate() - timedelta(days=1)
    MedicalLicense.objects.filter(applicant=user).update(expires_on=yesterday)


def application_waiting_for_approval():
    cohort = CohortFactory(program=ProgramFactory(approves_enrollment_automatically=False))
    return services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)


def test_approval_is_refused_when_the_license_expired_since_applying(admin_user):
    enrollment = application_waiting_for_approval()
    expire_license_of(enrollment.applicant)

    with pytest.raises(DomainError, match="no longer qualifies.*license"):
        services.approve_enrollment(enrollment=enrollment, actor=admin_user)

    enrollment.refresh_from_db()
    assert enrollment.status == Status.APPLIED
    assert not AuditEntry.objects.filter(action="enrollment.enrolled").exists()


def test_the_approve_button_says_why_the_applicant_was_not_admitted(client, admin_user):
    enrollment = application_waiting_for_approval()
    expire_license_of(enrollment.applicant)
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_enrollment_approve", args=[enrollment.pk]), follow=True
    )

    enrollment.refresh_from_db()
    assert enrollment.status == Status.APPLIED
    assert "no longer qualifies" in response.content.decode()


def test_the_applications_page_refuses_the_approval_too(client, admin_user):
    enrollment = application_waiting_for_approval()
    expire_license_of(enrollment.applicant)
    client.force_login(admin_user)

    client.post(reverse("programs:approve", args=[enrollment.pk]))

    enrollment.refresh_from_db()
    assert enrollment.status == Status.APPLIED


def full_cohort_with_two_waiting():
    cohort = CohortFactory(capacity=1)
    seated = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    lapsed = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    next_in_line = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    assert (lapsed.status, next_in_line.status) == (Status.WAITLISTED, Status.WAITLISTED)
    expire_license_of(lapsed.applicant)
    return cohort, seated, lapsed, next_in_line


def test_a_freed_seat_passes_over_a_waiting_applicant_who_no_longer_qualifies():
    cohort, seated, lapsed, next_in_line = full_cohort_with_two_waiting()

    services.withdraw_enrollment(enrollment=seated, actor=seated.applicant)

    lapsed.refresh_from_db()
    next_in_line.refresh_from_db()
    assert (lapsed.status, next_in_line.status) == (Status.WAITLISTED, Status.ENROLLED)
    skip = AuditEntry.objects.get(action="enrollment.promotion_skipped")
    assert skip.target_id == str(lapsed.pk)
    assert "license" in skip.reason


def test_raising_the_capacity_passes_over_a_waiting_applicant_who_no_longer_qualifies(
    admin_user,
):
    cohort, _, lapsed, next_in_line = full_cohort_with_two_waiting()

    services.update_cohort(cohort=cohort, values={"capacity": 2}, instructors=[], actor=admin_user)

    lapsed.refresh_from_db()
    next_in_line.refresh_from_db()
    assert (lapsed.status, next_in_line.status) == (Status.WAITLISTED, Status.ENROLLED)
    assert AuditEntry.objects.filter(
        action="enrollment.promotion_skipped", target_id=str(lapsed.pk)
    ).exists()


def test_nobody_is_promoted_when_every_waiting_applicant_has_lapsed():
    cohort = CohortFactory(capacity=1)
    seated = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    lapsed = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    expire_license_of(lapsed.applicant)

    services.withdraw_enrollment(enrollment=seated, actor=seated.applicant)

    lapsed.refresh_from_db()
    assert lapsed.status == Status.WAITLISTED
    assert not cohort.enrollments.filter(status=Status.ENROLLED).exists()
