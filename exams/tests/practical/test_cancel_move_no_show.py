"""Cancel (admin, with a reason), move (admin, examiners' overlap re-checked) and "did not
attend" (an examiner of the sitting or an admin). Audited; afterwards the candidate can be
scheduled again (no longer blocked for good by a sitting never scored)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from accounts.models import AuditEntry
from exams.models import PracticalSitting
from exams.services import practical as services
from exams.services.practical import examday
from programs.tests.factories import program_with_hands_on, trainee_with_hands_on_complete

from .factories import examiner_user, form_of, rubric, sitting, submit

pytestmark = pytest.mark.django_db
Status = PracticalSitting.Status


def future(days=3, **fields):
    return sitting(starts_at=timezone.now() + timedelta(days=days), **fields)


def schedule_again(candidate, exam_rubric, by, days=10):
    return services.schedule_sitting(
        candidate=candidate,
        rubric=exam_rubric,
        starts_at=timezone.now() + timedelta(days=days),
        duration_minutes=60,
        place="Room 1",
        actor=by,
    )


# --- cancel -------------------------------------------------------------------------------------


def test_an_admin_cancels_with_a_reason(client, admin_user, examiner):
    exam = future(examiners=[examiner])
    client.force_login(admin_user)

    client.post(reverse("exams:sitting_cancel", args=[exam.pk]), {"reason": "Room flooded."})

    exam.refresh_from_db()
    assert exam.status == Status.CANCELLED
    assert (exam.closed_by, exam.close_reason) == (admin_user, "Room flooded.")
    entry = AuditEntry.objects.get(action="sitting.cancelled")
    assert (entry.actor, entry.from_state, entry.to_state) == (admin_user, "scheduled", "cancelled")


def test_a_cancellation_needs_a_reason(client, admin_user):
    exam = future()
    client.force_login(admin_user)

    client.post(reverse("exams:sitting_cancel", args=[exam.pk]), {"reason": ""})

    exam.refresh_from_db()
    assert exam.status == Status.SCHEDULED


def test_only_admins_cancel(client, examiner):
    exam = future(examiners=[examiner])
    client.force_login(examiner)

    response = client.post(reverse("exams:sitting_cancel", args=[exam.pk]), {"reason": "x"})

    assert response.status_code == 403
    exam.refresh_from_db()
    assert exam.status == Status.SCHEDULED


def test_a_scored_sitting_cannot_be_cancelled(admin_user, examiner):
    exam = sitting(examiners=[examiner])
    submit(exam, examiner, 4, 4, 4)

    with pytest.raises(DomainError):
        examday.cancel_sitting(sitting=exam, actor=admin_user, reason="Too late.")

    exam.refresh_from_db()
    assert exam.status == Status.PASSED


def test_a_cancelled_candidate_can_be_scheduled_again(admin_user):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    candidate = trainee_with_hands_on_complete(program).applicant
    first = schedule_again(candidate, exam_rubric, admin_user, days=3)

    examday.cancel_sitting(sitting=first, actor=admin_user, reason="Examiner ill.")
    second = schedule_again(candidate, exam_rubric, admin_user, days=10)

    assert second.status == Status.SCHEDULED
    assert PracticalSitting.objects.filter(candidate=candidate).count() == 2


def test_a_cancelled_sitting_frees_its_examiners_time(admin_user, examiner):
    start = timezone.now() + timedelta(days=4)
    cancelled = sitting(starts_at=start, examiners=[examiner])
    examday.cancel_sitting(sitting=cancelled, actor=admin_user, reason="Moved to another day.")
    other = sitting(starts_at=start)

    services.assign_examiner(sitting=other, examiner=examiner, actor=admin_user)

    assert other.assignments.filter(examiner=examiner).exists()


# --- move ---------------------------------------------------------------------------------------


def move(client, exam, days, **data):
    start = timezone.localtime() + timedelta(days=days)
    payload = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "place": "Room 9",
        **data,
    }
    return client.post(reverse("exams:sitting_reschedule", args=[exam.pk]), payload, follow=True)


def test_an_admin_moves_a_sitting(client, admin_user, examiner):
    exam = future(examiners=[examiner])
    client.force_login(admin_user)

    move(client, exam, days=6)

    exam.refresh_from_db()
    assert exam.place == "Room 9"
    assert exam.starts_at.date() == (timezone.localtime() + timedelta(days=6)).date()
    assert exam.ends_at - exam.starts_at == timedelta(minutes=60)
    assert exam.calendar_sequence == 1
    assert AuditEntry.objects.filter(action="sitting.rescheduled", actor=admin_user).exists()


def test_a_move_onto_another_sitting_of_an_examiner_is_refused(client, admin_user, examiner):
    busy_start = (timezone.localtime() + timedelta(days=6)).replace(second=0, microsecond=0)
    sitting(starts_at=busy_start, examiners=[examiner])
    exam = future(examiners=[examiner])
    before = exam.starts_at
    client.force_login(admin_user)

    response = move(client, exam, days=6, starts_at=busy_start.strftime("%Y-%m-%dT%H:%M"))

    assert "examines another sitting at that time" in response.content.decode()
    exam.refresh_from_db()
    assert exam.starts_at == before and exam.calendar_sequence == 0


def test_a_started_sitting_cannot_be_moved(admin_user, examiner):
    exam = sitting(examiners=[examiner])  # under way

    with pytest.raises(DomainError, match="has started"):
        examday.reschedule_sitting(
            sitting=exam,
            actor=admin_user,
            starts_at=timezone.now() + timedelta(days=2),
            duration_minutes=60,
            place="Room 2",
        )


# --- did not attend -----------------------------------------------------------------------------


def started_unchecked(*examiners):
    return sitting(starts_at=timezone.now() - timedelta(minutes=20), examiners=examiners)


def test_the_examiner_marks_did_not_attend(client, examiner):
    exam = started_unchecked(examiner)
    client.force_login(examiner)

    client.post(reverse("exams:examiner_no_show", args=[form_of(exam, examiner).pk]), {})

    exam.refresh_from_db()
    assert exam.status == Status.NO_SHOW and exam.closed_by == examiner
    assert AuditEntry.objects.filter(action="sitting.no_show", actor=examiner).exists()


def test_an_admin_marks_did_not_attend(client, admin_user):
    exam = started_unchecked()
    client.force_login(admin_user)

    client.post(reverse("exams:sitting_no_show", args=[exam.pk]), {"reason": "No call."})

    exam.refresh_from_db()
    assert exam.status == Status.NO_SHOW and exam.close_reason == "No call."


def test_not_before_the_start_nor_after_the_id_check(examiner):
    ahead = future(examiners=[examiner])
    attended = sitting(examiners=[examiner])  # started, ID checked

    with pytest.raises(DomainError, match="once the sitting has started"):
        examday.mark_no_show(sitting=ahead, actor=examiner)
    with pytest.raises(DomainError, match="attended"):
        examday.mark_no_show(sitting=attended, actor=examiner)


def test_another_examiner_cannot_mark_it(examiner):
    exam = started_unchecked(examiner)

    with pytest.raises(DomainError):
        examday.mark_no_show(sitting=exam, actor=examiner_user())

    exam.refresh_from_db()
    assert exam.status == Status.SCHEDULED


def test_after_a_no_show_the_candidate_can_be_scheduled_again(admin_user, examiner):
    program = program_with_hands_on()
    exam_rubric = rubric(program=program)
    candidate = trainee_with_hands_on_complete(program).applicant
    missed = sitting(
        rubric_=exam_rubric,
        candidate=candidate,
        starts_at=timezone.now() - timedelta(hours=2),
        examiners=[examiner],
    )
    examday.mark_no_show(sitting=missed, actor=examiner)

    again = schedule_again(candidate, exam_rubric, admin_user)

    assert again.status == Status.SCHEDULED
