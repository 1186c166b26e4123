"""A certificate past its renewal window lapsed: the holder sits the written and practical exams
again, and only results obtained after the lapse earn a new certificate (new number, new
expiry) that replaces the lapsed one. Inside the window, passing again issues nothing."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from certification.models import Certificate
from certification.pathway import StepState, pathway_for
from exams.models import Attempt, PracticalSitting
from exams.selectors.practical_queue import ready_for_practical, ready_queue_summary
from exams.selectors.written import written_exam_status
from exams.services.practical.examday import declare_ready
from exams.tests.practical.factories import rubric, sitting

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def certified(django_capture_on_commit_callbacks):
    """(holder, certificate, examiner): certified through the real path."""
    applicant, exam, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=True):
        pass_practical(exam, examiner)
    return applicant, Certificate.objects.get(holder=applicant), examiner


def expired_days_ago(certificate, days: int) -> Certificate:
    """Move the certificate and the exam results it rests on `days` past its expiry (the test's
    clock: everything happened two years and `days` ago)."""
    shift = timedelta(days=730 + days)
    certificate.issued_on -= shift
    certificate.expires_on = timezone.localdate() - timedelta(days=days)
    certificate.save(update_fields=["issued_on", "expires_on"])
    for attempt in Attempt.objects.filter(candidate=certificate.holder):
        attempt.started_at -= shift
        attempt.deadline -= shift
        attempt.submitted_at -= shift
        attempt.save(update_fields=["started_at", "deadline", "submitted_at"])
    for old in PracticalSitting.objects.filter(candidate=certificate.holder):
        old.starts_at -= shift
        old.result_at = old.result_at - shift if old.result_at else None
        old.id_checked_at = old.id_checked_at - shift if old.id_checked_at else None
        old.save(update_fields=["starts_at", "result_at", "id_checked_at"])
    return certificate


def pass_written_again(holder, program) -> Attempt:
    first = Attempt.objects.filter(candidate=holder).order_by("-number").first()
    now = timezone.now()
    return Attempt.objects.create(
        exam=first.exam,
        candidate=holder,
        number=first.number + 1,
        status=Attempt.Status.SUBMITTED,
        started_at=now - timedelta(hours=1),
        deadline=now,
        submitted_at=now - timedelta(minutes=5),
        score_points=8,
        max_points=10,
        score_percent=80,
        passed=True,
    )


def pass_practical_again(holder, program, examiner, callbacks):
    again = sitting(rubric_=rubric(program), candidate=holder, examiners=[examiner])
    with callbacks(execute=True):
        pass_practical(again, examiner)


def test_it_issues_a_new_certificate_once_both_exams_are_passed_again_after_the_lapse(
    django_capture_on_commit_callbacks,
):
    holder, old, examiner = certified(django_capture_on_commit_callbacks)
    expired_days_ago(old, 40)  # the window closed 30 days after expiry
    old.refresh_from_db()
    assert old.is_lapsed()

    pass_written_again(holder, old.program)
    pass_practical_again(holder, old.program, examiner, django_capture_on_commit_callbacks)

    new = Certificate.objects.get(holder=holder, status=Certificate.Status.ISSUED)
    old.refresh_from_db()
    today = timezone.localdate()
    assert new.pk != old.pk and new.number != old.number
    assert new.issued_on == today
    assert new.expires_on == today + relativedelta(months=settings.CERTIFICATE_VALIDITY_MONTHS)
    assert new.renews_id == old.pk
    assert old.status == Certificate.Status.SUPERSEDED
    assert AuditEntry.objects.filter(
        action="certificate.created_after_lapse", target_id=str(new.pk)
    ).exists()


def test_results_from_before_the_lapse_do_not_count(django_capture_on_commit_callbacks):
    holder, old, examiner = certified(django_capture_on_commit_callbacks)
    expired_days_ago(old, 40)

    pass_written_again(holder, old.program)  # the practical exam is not sat again
    # Any later step event re-reads the pathway: still nothing to issue.
    from accounts import events

    with django_capture_on_commit_callbacks(execute=True):
        events.step_completed(applicant=holder, program=old.program)

    assert Certificate.objects.filter(holder=holder).count() == 1
    exams = pathway_for(holder, old.program)[3]
    assert exams.state != StepState.COMPLETE
    assert any("practical exam again" in text for text in exams.missing), exams.missing


def test_passing_again_inside_the_renewal_window_issues_no_second_certificate(
    django_capture_on_commit_callbacks,
):
    holder, old, examiner = certified(django_capture_on_commit_callbacks)
    expired_days_ago(old, 10)  # expired, still renewable

    pass_written_again(holder, old.program)
    pass_practical_again(holder, old.program, examiner, django_capture_on_commit_callbacks)

    assert list(Certificate.objects.filter(holder=holder).values_list("pk", flat=True)) == [old.pk]


def test_the_lapsed_holders_pathway_lists_the_exams_to_sit_again(
    client, django_capture_on_commit_callbacks
):
    holder, old, _ = certified(django_capture_on_commit_callbacks)
    expired_days_ago(old, 40)
    client.force_login(holder)

    page = client.get(reverse("certification:dashboard")).content.decode().lower()

    assert "pass the written exam again" in page
    assert "pass the practical exam again" in page
    assert reverse("exams:written_home") in page


def test_a_lapsed_holder_may_sit_both_exams_again_whatever_their_attempts_before(
    django_capture_on_commit_callbacks,
):
    holder, old, _ = certified(django_capture_on_commit_callbacks)
    expired_days_ago(old, 40)
    # Every attempt of the round used before the lapse (the last one passed).
    Attempt.objects.filter(candidate=holder).update(number=3)
    old.program.practical_attempts_allowed = 1
    old.program.save(update_fields=["practical_attempts_allowed"])

    written = written_exam_status(holder, old.program)
    assert written.unlocked and not written.passed and written.attempts_used == 0
    assert written.action_label == "Sit the written exam again"

    declare_ready(actor=holder, program=old.program)
    assert [row.candidate for row in ready_for_practical(old.program)] == [holder]
    assert ready_queue_summary().count == 1  # the staff home's tile counts them too
