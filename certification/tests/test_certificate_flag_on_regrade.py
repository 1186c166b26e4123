"""A certificate issued on a written pass that a voided or rekeyed item turns into a fail is
flagged for a program admin's decision (shown on the staff pages), never revoked silently."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from certification.models import Certificate
from exams.models import Attempt, AttemptItem, ItemCorrection
from exams.services import written_corrections as corrections
from exams.tests.written.factories import question

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


@pytest.fixture
def certified_on_a_flawed_item(django_capture_on_commit_callbacks):
    """A holder whose written pass rests on one item keyed A (they answered A)."""
    applicant, exam, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)
    flawed = question().current_version
    attempt = Attempt.objects.get(candidate=applicant)
    AttemptItem.objects.create(
        attempt=attempt,
        position=1,
        question=flawed.question,
        version=flawed,
        option_order=["A", "B", "C", "D"],
        selected=["A"],
        is_correct=True,
    )
    Attempt.objects.filter(pk=attempt.pk).update(score_points=1, max_points=1, score_percent=100)
    return Certificate.objects.get(holder=applicant), flawed


def rekey(flawed, admin_user):
    correction = corrections.propose_correction(
        version=flawed,
        kind=ItemCorrection.Kind.REKEY,
        correct=["B"],
        reason="The key was wrong",
        actor=admin_user,
    )
    return corrections.apply_correction(correction=correction, actor=admin_user)


def test_a_pass_turned_fail_flags_the_certificate_and_keeps_it_issued(
    certified_on_a_flawed_item, admin_user
):
    certificate, flawed = certified_on_a_flawed_item

    rekey(flawed, admin_user)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.flagged_at is not None
    assert "became a fail" in certificate.flag_reason
    assert AuditEntry.objects.filter(
        action="certificate.flagged", target_id=str(certificate.pk)
    ).exists()


def test_the_flag_shows_on_the_staff_pages_and_an_admin_keeps_the_certificate(
    client, certified_on_a_flawed_item, admin_user
):
    certificate, flawed = certified_on_a_flawed_item
    rekey(flawed, admin_user)
    client.force_login(admin_user)

    listing = client.get(reverse("certification:staff_certificates"))
    detail = client.get(reverse("certification:staff_certificate", args=[certificate.pk]))
    assert "Flagged for review" in listing.content.decode()
    assert "Flagged for your decision" in detail.content.decode()

    client.post(
        reverse("certification:staff_keep_flagged", args=[certificate.pk]),
        {"reason": "The practical result and a re-sit justify keeping it"},
    )

    certificate.refresh_from_db()
    assert certificate.flagged_at is None
    assert certificate.status == Certificate.Status.ISSUED
    assert AuditEntry.objects.get(action="certificate.flag_cleared").actor == admin_user


def test_revoking_a_flagged_certificate_settles_the_flag(
    client, certified_on_a_flawed_item, admin_user
):
    certificate, flawed = certified_on_a_flawed_item
    rekey(flawed, admin_user)
    client.force_login(admin_user)

    client.post(
        reverse("certification:staff_revoke", args=[certificate.pk]),
        {"reason": "The written exam is no longer passed", "confirmed": "1"},
    )

    certificate.refresh_from_db()
    assert (certificate.status, certificate.flagged_at) == (Certificate.Status.REVOKED, None)
