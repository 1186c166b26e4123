"""After a revocation a certificate is earned anew only by completing the pathway again (in an
enrollment begun after the revocation); a later event on the old record issues nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import events
from certification import services
from certification.models import Certificate
from programs.models import Enrollment, HandsOnSession
from programs.tests.factories import (
    EnrollmentFactory,
    HandsOnSessionFactory,
    complete_theory,
)

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]
Status = Certificate.Status


@pytest.fixture
def revoked_holder(admin_user, django_capture_on_commit_callbacks):
    applicant, exam, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)
    certificate = Certificate.objects.get(holder=applicant)
    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Misconduct")
    return applicant, exam.program


def train_again(applicant, program) -> Enrollment:
    """The holder leaves the old enrollment and completes theory and hands-on in a new one."""
    old = Enrollment.objects.get(applicant=applicant, program=program)
    Enrollment.objects.filter(pk=old.pk).update(status=Enrollment.Status.WITHDRAWN)
    enrollment = EnrollmentFactory(
        applicant=applicant, cohort=old.cohort, applied_at=timezone.now() + timedelta(seconds=1)
    )
    complete_theory(enrollment)
    for session in old.hands_on_sessions.filter(status=HandsOnSession.Status.VERIFIED):
        HandsOnSessionFactory(
            enrollment=enrollment,
            verified=True,
            skin_type=session.skin_type,
            goal=session.goal,
            areas={area.area: area.units for area in session.areas.all()},
        )
    return enrollment


def test_a_later_step_event_on_the_old_record_issues_nothing_after_a_revocation(revoked_holder):
    applicant, program = revoked_holder

    events.step_completed(applicant=applicant, program=program)

    assert list(Certificate.objects.values_list("status", flat=True)) == [Status.REVOKED]


def test_completing_the_pathway_again_after_a_revocation_issues_a_new_certificate(
    revoked_holder, django_capture_on_commit_callbacks
):
    applicant, program = revoked_holder
    train_again(applicant, program)

    with django_capture_on_commit_callbacks(execute=True):
        events.step_completed(applicant=applicant, program=program)

    statuses = sorted(Certificate.objects.filter(holder=applicant).values_list("status", flat=True))
    assert statuses == [Status.ISSUED, Status.REVOKED]
    new = Certificate.objects.get(holder=applicant, status=Status.ISSUED)
    assert new.renews is None and new.pdf


def test_an_issued_certificate_still_blocks_a_second_one(django_capture_on_commit_callbacks):
    applicant, exam, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)

    events.step_completed(applicant=applicant, program=exam.program)

    assert Certificate.objects.filter(holder=applicant).count() == 1
