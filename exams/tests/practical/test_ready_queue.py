"""The admins' "ready for the practical exam" queue: trainees whose hands-on minimums are met
and who have no sitting open or passed; the candidate's "I am ready"; scheduling from a row."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from exams.models import PracticalReadiness, PracticalSitting
from exams.selectors.practical_queue import ReadyQueue, ready_for_practical, ready_queue_summary
from programs.models import Enrollment, SessionArea
from programs.services import refresh_hands_on_met
from programs.tests.factories import (
    program_with_hands_on,
    trainee_in,
    trainee_with_hands_on_complete,
)

from .factories import rubric, sitting

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(db):
    return program_with_hands_on()


def test_it_lists_those_who_met_the_minimums_and_no_one_else(program):
    ready = trainee_with_hands_on_complete(program)
    trainee_in(program)  # no sessions yet
    scheduled = trainee_with_hands_on_complete(program)
    sitting(rubric_=rubric(program=program), candidate=scheduled.applicant)

    rows = ready_for_practical()

    assert [row.enrollment for row in rows] == [ready]


def test_it_checks_every_minimum_not_only_the_session_count(program):
    enrollment = trainee_with_hands_on_complete(program)
    # Same number of sessions, but the glabellar-lines area no longer reached (changed behind
    # the services' back, then re-checked as the nightly pass would).
    SessionArea.objects.filter(session__enrollment=enrollment).delete()
    refresh_hands_on_met(enrollment)

    assert ready_for_practical() == []


def test_a_failed_candidate_comes_back_with_the_date_of_the_next_attempt(program, examiner):
    program.practical_wait_days = 10
    program.save(update_fields=["practical_wait_days"])
    enrollment = trainee_with_hands_on_complete(program)
    failed = sitting(
        rubric_=rubric(program=program), candidate=enrollment.applicant, examiners=[examiner]
    )
    PracticalSitting.objects.filter(pk=failed.pk).update(
        status=PracticalSitting.Status.FAILED, result_at=timezone.now()
    )

    (row,) = ready_for_practical()

    assert row.resit.attempts_used == 1
    assert row.next_attempt_at.date() == (timezone.now() + timedelta(days=10)).date()


def test_the_candidate_says_i_am_ready(client, program):
    enrollment = trainee_with_hands_on_complete(program)
    client.force_login(enrollment.applicant)

    client.post(reverse("exams:practical_declare_ready"))

    readiness = PracticalReadiness.objects.get(candidate=enrollment.applicant)
    assert readiness.program == program
    assert AuditEntry.objects.filter(action="practical.ready_declared").exists()
    (row,) = ready_for_practical()
    assert row.declared_at == readiness.declared_at


def test_a_candidate_below_the_minimums_cannot_say_it(client, program):
    enrollment = trainee_in(program)
    client.force_login(enrollment.applicant)

    response = client.post(reverse("exams:practical_declare_ready"), follow=True)

    assert "once your hands-on minimums are met" in response.content.decode()
    assert not PracticalReadiness.objects.exists()


def test_the_queue_page_links_each_row_to_scheduling(client, admin_user, program):
    enrollment = trainee_with_hands_on_complete(program)
    client.force_login(admin_user)

    html = client.get(reverse("exams:practical_ready_queue")).content.decode()

    assert f"{reverse('exams:sitting_new')}?enrollment={enrollment.pk}" in html
    form = client.get(reverse("exams:sitting_new"), {"enrollment": enrollment.pk})
    assert form.context["row"].enrollment == enrollment
    assert f'name="enrollment" value="{enrollment.pk}"' in form.content.decode()


def test_scheduling_takes_the_candidate_off_the_queue(client, admin_user, program):
    enrollment = trainee_with_hands_on_complete(program)
    PracticalReadiness.objects.create(candidate=enrollment.applicant, program=program)
    exam_rubric = rubric(program=program)
    client.force_login(admin_user)
    start = timezone.localtime() + timedelta(days=5)

    client.post(
        reverse("exams:sitting_new"),
        {
            "enrollment": enrollment.pk,
            "rubric": exam_rubric.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "place": "Room 4",
        },
    )

    assert PracticalSitting.objects.filter(candidate=enrollment.applicant).exists()
    assert not PracticalReadiness.objects.exists()
    assert ready_for_practical() == []


def test_a_rubric_of_another_program_is_refused(client, admin_user, program):
    enrollment = trainee_with_hands_on_complete(program)
    client.force_login(admin_user)
    start = timezone.localtime() + timedelta(days=5)

    response = client.post(
        reverse("exams:sitting_new"),
        {
            "enrollment": enrollment.pk,
            "rubric": rubric().pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "place": "Room 4",
        },
    )

    assert f"Choose a rubric of {program}" in response.content.decode()
    assert not PracticalSitting.objects.exists()


def test_the_summary_counts_and_ages_the_oldest(program):
    assert ready_queue_summary().count == 0
    first = trainee_with_hands_on_complete(program)
    PracticalReadiness.objects.create(
        candidate=first.applicant, program=program, declared_at=timezone.now() - timedelta(days=3)
    )
    trainee_with_hands_on_complete(program)

    summary = ready_queue_summary()

    assert summary.count == 2
    assert timedelta(days=3) <= summary.oldest_age < timedelta(days=3, minutes=5)


def test_the_queue_takes_the_same_queries_however_long(
    client, admin_user, program, django_assert_max_num_queries
):
    trainee_with_hands_on_complete(program)
    client.force_login(admin_user)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("exams:practical_ready_queue"))
    baseline = len(few.captured_queries)
    for _ in range(4):
        enrollment = trainee_with_hands_on_complete(program)
        PracticalReadiness.objects.create(candidate=enrollment.applicant, program=program)

    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("exams:practical_ready_queue"))

    assert response.content.decode().count("data-enrollment=") == 5


def _fail(sitting_, *, days_ago: int) -> None:
    PracticalSitting.objects.filter(pk=sitting_.pk).update(
        status=PracticalSitting.Status.FAILED,
        result_at=timezone.now() - timedelta(days=days_ago),
    )


def test_the_summary_agrees_with_the_queue_when_the_resit_policy_holds_someone_back(
    program, examiner, django_assert_max_num_queries
):
    program.practical_attempts_allowed = 1
    program.save(update_fields=["practical_attempts_allowed"])
    clear = trainee_with_hands_on_complete(program)
    # Failed their one attempt today: a new round needs sessions performed after today.
    held = trainee_with_hands_on_complete(program)
    _fail(sitting(rubric_=rubric(program=program), candidate=held.applicant), days_ago=0)

    # The aggregate; the few whose failures fill a round, and what the resit policy reads of them.
    with django_assert_max_num_queries(6):
        summary = ready_queue_summary()

    assert [row.enrollment for row in ready_for_practical()] == [clear]
    assert summary.count == 1
    assert summary.oldest_age is not None


def test_the_summary_counts_in_constant_queries(program, django_assert_max_num_queries):
    """One aggregate, the pairs who filled a round of attempts, and those few (with any holder
    sitting again after a lapse) read as the queue reads them: three queries however many."""
    trainee_with_hands_on_complete(program)
    with django_assert_max_num_queries(3):
        assert ready_queue_summary().count == 1
    for _ in range(3):
        trainee_with_hands_on_complete(program)
    with django_assert_max_num_queries(3):
        assert ready_queue_summary().count == 4


def test_hours_round_half_up_in_the_queue_as_on_the_dashboard(program):
    """117 minutes are 2.0 hours to one decimal: the 2-hour minimum is met in both places."""
    from programs.models import HandsOnSession
    from programs.selectors import hands_on_status_of

    enrollment = trainee_with_hands_on_complete(program)
    sessions = HandsOnSession.objects.filter(enrollment=enrollment)
    sessions.update(duration_minutes=1)
    sessions.filter(pk=sessions.first().pk).update(duration_minutes=117 - sessions.count() + 1)
    refresh_hands_on_met(enrollment)

    hours = next(m for m in hands_on_status_of(enrollment).minimums if "Hours" in m.label)
    assert (hours.done, hours.met) == (2.0, True)
    assert ready_queue_summary().count == len(ready_for_practical()) == 1


def test_the_queue_lists_exactly_those_whose_minimums_are_stored_met(program, admin_user):
    """Read from `hands_on_met_at`, which the programs services keep (programs/tests/
    test_hands_on_met.py): raising a minimum takes those below it off the queue."""
    from programs import services

    kept = trainee_with_hands_on_complete(program)
    extra = kept.program.treatment_areas.get(name="Forehead lines")
    below = trainee_with_hands_on_complete(program)
    SessionArea.objects.filter(session__enrollment=below, area=extra).delete()
    trainee_in(program)

    services.update_treatment_area(
        area=extra, values={"min_sessions_performed": 1}, actor=admin_user
    )

    assert [row.enrollment for row in ready_for_practical()] == [kept]
    assert [row.ready_since for row in ready_for_practical()] == [kept.hands_on_met_at]
    assert ready_queue_summary().count == 1


def test_the_queue_is_paged_oldest_first_and_counts_everyone_waiting(
    client, admin_user, program, settings
):
    settings.PAGE_SIZE = 2
    waiting = [trainee_with_hands_on_complete(program) for _ in range(3)]
    oldest_first = [row.enrollment.pk for row in ready_for_practical()]
    assert sorted(oldest_first) == sorted(e.pk for e in waiting)
    client.force_login(admin_user)

    first = client.get(reverse("exams:practical_ready_queue")).content.decode()
    second = client.get(reverse("exams:practical_ready_queue"), {"page": "2"}).content.decode()

    assert "3 waiting" in first
    assert [pk for pk in oldest_first if f'data-enrollment="{pk}"' in first] == oldest_first[:2]
    assert [pk for pk in oldest_first if f'data-enrollment="{pk}"' in second] == oldest_first[2:]
    assert "Page 1 of 2" in first
    # a page number that is not one shows the nearest page, not an error
    assert client.get(reverse("exams:practical_ready_queue"), {"page": "x"}).status_code == 200


def test_a_rows_schedule_link_shows_that_candidate_alone(client, admin_user, program):
    chosen = trainee_with_hands_on_complete(program, full_legal_name="Chosen Candidate")
    other = trainee_with_hands_on_complete(program, full_legal_name="Other Candidate")
    client.force_login(admin_user)

    narrowed = client.get(reverse("exams:sitting_new"), {"enrollment": chosen.pk})

    html = narrowed.content.decode()
    assert "Chosen Candidate" in html and chosen.applicant.email in html
    assert "Other Candidate" not in html and other.applicant.email not in html
    assert '<select name="enrollment"' not in html
    assert f'name="enrollment" value="{chosen.pk}"' in html


def test_scheduling_someone_not_in_the_queue_is_refused_with_a_message(client, admin_user, program):
    not_ready = trainee_in(program)
    exam_rubric = rubric(program=program)
    client.force_login(admin_user)

    response = client.post(
        reverse("exams:sitting_new"),
        {
            "enrollment": not_ready.pk,
            "rubric": exam_rubric.pk,
            "starts_at": (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "place": "Room 4",
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("exams:practical_ready_queue"), 302)]
    assert "Nothing was scheduled. That candidate is no longer waiting" in (
        response.content.decode()
    )
    assert not PracticalSitting.objects.filter(candidate=not_ready.applicant).exists()


def test_each_page_lists_what_the_whole_queue_lists_there(
    client, admin_user, program, examiner, settings
):
    """The page works out only its own rows (ReadyQueue): those the resit rule may hold back
    are merged, in order, with the others cut in SQL."""
    settings.PAGE_SIZE = 2
    program.practical_attempts_allowed = 1
    program.practical_after_last_failure = program.AfterLastFailure.NEW_ENROLLMENT
    program.save(update_fields=["practical_attempts_allowed", "practical_after_last_failure"])
    waiting = [trainee_with_hands_on_complete(program) for _ in range(3)]
    # Failed their one attempt before this enrollment: a new round, read by the resit rule.
    reopened = trainee_with_hands_on_complete(program)
    _fail(sitting(rubric_=rubric(program=program), candidate=reopened.applicant), days_ago=10)
    # Failed it after: held back.
    held_back = trainee_with_hands_on_complete(program)
    _fail(sitting(rubric_=rubric(program=program), candidate=held_back.applicant), days_ago=0)
    for days, enrollment in zip([5, 3, 1, 4], [*waiting, reopened], strict=True):
        Enrollment.objects.filter(pk=enrollment.pk).update(
            hands_on_met_at=timezone.now() - timedelta(days=days)
        )
    whole = [row.enrollment.pk for row in ready_for_practical()]
    assert whole == [waiting[0].pk, reopened.pk, waiting[1].pk, waiting[2].pk]

    queue = ReadyQueue()

    assert queue.count() == 4
    assert [row.enrollment.pk for row in queue[0:2]] == whole[:2]
    assert [row.enrollment.pk for row in queue[2:4]] == whole[2:]
    assert queue[1:2][0].resit.attempts_used == 0  # the new round's
    client.force_login(admin_user)
    second = client.get(reverse("exams:practical_ready_queue"), {"page": "2"}).content.decode()
    assert "4 waiting" in second
    assert [pk for pk in whole if f'data-enrollment="{pk}"' in second] == whole[2:]
