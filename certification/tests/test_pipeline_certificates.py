"""The pipeline follows the certificate: issued counts as certified, revoked goes back to
step 5, a renewal of an expired certificate brings the holder back to certified. Each is read
through the pipeline page's counts and its funnel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import pipeline
from certification.models import Certificate
from programs.models import Enrollment

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)
from .renewals import (
    approve,
    renewal_storage,  # noqa: F401 (fixture)
    submitted_renewal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renewal_storage")]
PIPELINE = reverse("certification:pipeline")
CERTIFIED = pipeline.CERTIFIED


def counts(client):
    response = client.get(PIPELINE)
    return {step.number: step.count for step in response.context["counts"]}


def certified_holder(django_capture_on_commit_callbacks):
    applicant, exam, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=True):  # the render task runs on commit
        pass_practical(exam, examiner)
    return Certificate.objects.get(holder=applicant, status=Certificate.Status.ISSUED)


def test_an_issued_certificate_counts_as_certified(
    client, admin_user, django_capture_on_commit_callbacks
):
    certificate = certified_holder(django_capture_on_commit_callbacks)
    client.force_login(admin_user)

    assert counts(client)[CERTIFIED] == 1
    enrollment = Enrollment.objects.get(applicant=certificate.holder)
    assert enrollment.pathway_step == CERTIFIED


def test_a_revoked_certificate_goes_back_to_step_5(
    client, admin_user, django_capture_on_commit_callbacks
):
    certificate = certified_holder(django_capture_on_commit_callbacks)
    client.force_login(admin_user)

    client.post(
        reverse("certification:staff_revoke", args=[certificate.pk]),
        {"reason": "Exam misconduct", "confirmed": "1"},
    )

    assert (counts(client)[5], counts(client)[CERTIFIED]) == (1, 0)


def test_a_renewed_expired_certificate_is_certified_again(
    client, admin_user, django_capture_on_commit_callbacks
):
    certificate = certified_holder(django_capture_on_commit_callbacks)
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=today - timedelta(days=740), expires_on=today - timedelta(days=10)
    )
    pipeline.refresh_all_pathway_steps()  # the nightly pass notices the expiry
    client.force_login(admin_user)
    assert counts(client)[CERTIFIED] == 0

    certificate.refresh_from_db()
    renewal = submitted_renewal(client, certificate)  # evidence, then an admin's approval
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, admin_user, renewal)

    client.force_login(admin_user)
    assert counts(client)[CERTIFIED] == 1
    assert Certificate.objects.filter(status=Certificate.Status.ISSUED).count() == 1


def test_the_funnel_counts_who_reached_each_step(
    client, admin_user, django_capture_on_commit_callbacks
):
    from programs.tests.factories import trainee_in

    certificate = certified_holder(django_capture_on_commit_callbacks)
    fresh = trainee_in(certificate.program)
    pipeline.refresh_pathway_step(applicant=fresh.applicant)
    client.force_login(admin_user)

    response = client.get(PIPELINE)

    reached = {stage.number: stage.reached for stage in response.context["funnel"]}
    assert reached == {1: 2, 2: 2, 3: 1, 4: 1, 5: 1, CERTIFIED: 1}
    page = response.content.decode()
    assert 'data-stage="2" data-reached="2" data-standing="1"' in page
    assert 'data-stage="6" data-reached="1" data-standing="1"' in page
    assert "<svg" in page and "Of 2 trainees in the pipeline" in page
