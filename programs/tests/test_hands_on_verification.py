"""The supervising instructor verifies each session with feedback, or sends it back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from programs import services
from programs.models import HandsOnSession
from programs.tests.factories import HandsOnSessionFactory, program_with_hands_on, trainee_in
from programs.tests.test_hands_on_log import entry_for

pytestmark = pytest.mark.django_db
FEEDBACK = {"technique": 4, "communication": 5, "judgement": 3, "comment": "Good depth."}


@pytest.fixture
def enrollment():
    return trainee_in(program_with_hands_on())


@pytest.fixture
def supervisor(enrollment):
    return enrollment.cohort.instructors.first()


@pytest.fixture
def session(enrollment):
    return services.log_session(
        enrollment=enrollment, actor=enrollment.applicant, entry=entry_for(enrollment)
    )


def test_it_verifies_with_structured_feedback_and_audits(client, session, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("programs:verify_session", args=[session.pk]),
        {"technique": "4", "communication": "5", "judgement": "3", "comment": "Good depth."},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == HandsOnSession.Status.VERIFIED
    assert (session.technique_rating, session.communication_rating) == (4, 5)
    entry = AuditEntry.objects.get(action="session.verified")
    assert entry.actor == supervisor and entry.data["judgement"] == 3


def test_only_the_supervising_instructor_can_verify(client, session, enrollment):
    colleague = UserFactory(roles=[Role.INSTRUCTOR])
    enrollment.cohort.instructors.add(colleague)
    with pytest.raises(DomainError, match="who supervised"):
        services.verify_session(session=session, actor=colleague, **FEEDBACK)
    client.force_login(colleague)
    assert client.get(reverse("programs:review_session", args=[session.pk])).status_code == 404
    response = client.post(reverse("programs:verify_session", args=[session.pk]), FEEDBACK)
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.status == HandsOnSession.Status.SUBMITTED


def test_verification_closes_after_the_programs_window(session, supervisor):
    HandsOnSession.objects.filter(pk=session.pk).update(
        performed_on=timezone.localdate() - timedelta(days=15)
    )
    with pytest.raises(DomainError, match="within 14 days"):
        services.verify_session(session=session, actor=supervisor, **FEEDBACK)


def test_ratings_outside_the_scale_and_an_empty_comment_are_refused(client, session, supervisor):
    with pytest.raises(DomainError, match="from 1 to 5"):
        services.verify_session(session=session, actor=supervisor, **(FEEDBACK | {"technique": 6}))
    client.force_login(supervisor)
    response = client.post(
        reverse("programs:verify_session", args=[session.pk]), FEEDBACK | {"comment": ""}
    )
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.status == HandsOnSession.Status.SUBMITTED


def test_a_verified_session_is_locked(client, session, supervisor, enrollment):
    services.verify_session(session=session, actor=supervisor, **FEEDBACK)
    with pytest.raises(DomainError, match="sent back for correction"):
        services.resubmit_session(
            session=session, actor=enrollment.applicant, entry=entry_for(enrollment)
        )
    with pytest.raises(DomainError, match="is verified"):
        services.verify_session(session=session, actor=supervisor, **FEEDBACK)
    client.force_login(enrollment.applicant)
    response = client.get(reverse("programs:edit_session", args=[session.pk]))
    assert response.status_code == 302


def test_sending_back_needs_a_reason_and_the_trainee_resubmits(
    client, session, supervisor, enrollment
):
    with pytest.raises(DomainError, match="what the trainee should correct"):
        services.return_session(session=session, actor=supervisor, reason=" ")
    services.return_session(session=session, actor=supervisor, reason="Lot number missing a digit")
    client.force_login(enrollment.applicant)
    from programs.tests.test_hands_on_log import form_data

    response = client.post(
        reverse("programs:edit_session", args=[session.pk]),
        form_data(enrollment, lot_number="C12345"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.lot_number) == (HandsOnSession.Status.SUBMITTED, "C12345")
    assert AuditEntry.objects.filter(action="session.resubmitted").exists()


def test_a_correction_of_a_verified_session_replaces_it_once_verified(
    session, supervisor, enrollment
):
    services.verify_session(session=session, actor=supervisor, **FEEDBACK)
    correction = services.correct_verified_session(
        session=session,
        actor=enrollment.applicant,
        entry=entry_for(enrollment, duration_minutes=50),
    )
    session.refresh_from_db()
    assert session.status == HandsOnSession.Status.VERIFIED  # still counts until then
    with pytest.raises(DomainError, match="already waiting"):
        services.correct_verified_session(
            session=session, actor=enrollment.applicant, entry=entry_for(enrollment)
        )
    services.verify_session(session=correction, actor=supervisor, **FEEDBACK)
    session.refresh_from_db()
    assert session.status == HandsOnSession.Status.SUPERSEDED
    assert session.duration_minutes == 45  # the verified record itself never changed
    assert AuditEntry.objects.filter(action="session.superseded").exists()


def test_the_queue_lists_only_the_instructors_sessions_oldest_first(client, enrollment, supervisor):
    older = HandsOnSessionFactory(
        enrollment=enrollment, submitted_at=timezone.now() - timedelta(days=2)
    )
    newer = HandsOnSessionFactory(enrollment=enrollment)
    other = trainee_in(enrollment.program)
    HandsOnSessionFactory(enrollment=other)  # supervised by another instructor
    client.force_login(supervisor)
    page = client.get(reverse("programs:verification_queue")).content.decode()
    assert page.index(f'data-session="{older.pk}"') < page.index(f'data-session="{newer.pk}"')
    assert page.count("data-session=") == 2


def test_the_queue_keeps_a_constant_number_of_queries(
    client, enrollment, supervisor, django_assert_max_num_queries
):
    area = enrollment.program.treatment_areas.first()
    client.force_login(supervisor)
    HandsOnSessionFactory(enrollment=enrollment, areas={area: 10})
    client.get(reverse("programs:verification_queue"))  # caches that are not per request
    # The user; the queue's count (on its index alone), its page, and the page's cohorts and
    # areas.
    with django_assert_max_num_queries(5):
        client.get(reverse("programs:verification_queue"))
    HandsOnSessionFactory.create_batch(20, enrollment=enrollment, areas={area: 10})
    with django_assert_max_num_queries(5):
        response = client.get(reverse("programs:verification_queue"))
    assert response.content.decode().count("data-session=") == 21


def test_each_row_shows_the_trainee_the_session_its_areas_and_its_review_link(
    client, enrollment, supervisor
):
    first, second = enrollment.program.treatment_areas.all()[:2]
    earlier = HandsOnSessionFactory(
        enrollment=enrollment,
        areas={first: 10, second: 4},
        submitted_at=timezone.now() - timedelta(days=1),
        trainee_role=HandsOnSession.Role.ASSISTED,
    )
    correction = HandsOnSessionFactory(enrollment=enrollment, replaces=earlier)
    client.force_login(supervisor)

    html = client.get(reverse("programs:verification_queue")).content.decode()

    row = html[html.index(f'data-session="{earlier.pk}"') :].split("</tr>")[0]
    submitted = timezone.localtime(earlier.submitted_at)
    assert f'<td data-label="Submitted">{submitted:%-d %b %Y %H:%M}</td>' in row
    assert enrollment.applicant.full_legal_name in row
    assert f"{enrollment.cohort.program.name} · {enrollment.cohort.name}" in row
    assert f"{earlier.performed_on:%-d %b %Y} · {earlier.get_trainee_role_display()}" in row
    assert f'<td class="small" data-label="Areas">{first.name}, {second.name}</td>' in row
    assert f'href="{reverse("programs:review_session", args=[earlier.pk])}"' in row
    assert "Correction" not in row
    row = html[html.index(f'data-session="{correction.pk}"') :].split("</tr>")[0]
    assert '<span class="badge text-bg-info">Correction</span>' in row


def test_the_queue_pages_oldest_first(client, enrollment, supervisor):
    sessions = [
        HandsOnSessionFactory(
            enrollment=enrollment, submitted_at=timezone.now() - timedelta(hours=hours)
        )
        for hours in range(27, 0, -1)
    ]
    client.force_login(supervisor)

    first = client.get(reverse("programs:verification_queue"))
    second = client.get(reverse("programs:verification_queue"), {"page": 2})

    def shown(response):
        html = response.content.decode()
        return [s.pk for s in sessions if f'data-session="{s.pk}"' in html]

    assert shown(first) == [s.pk for s in sessions[:25]]
    assert shown(second) == [s.pk for s in sessions[25:]]
    assert first.context["page"].paginator.count == 27
    assert "Page 2 of 2" in second.content.decode()


def test_the_rows_escape_what_people_typed(client, enrollment, supervisor):
    enrollment.applicant.full_legal_name = "<b>Bold</b> & co"
    enrollment.applicant.save(update_fields=["full_legal_name"])
    enrollment.cohort.name = "<i>Spring</i>"
    enrollment.cohort.save(update_fields=["name"])
    HandsOnSessionFactory(enrollment=enrollment)
    client.force_login(supervisor)

    html = client.get(reverse("programs:verification_queue")).content.decode()

    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html and "<b>Bold" not in html
    assert "&lt;i&gt;Spring&lt;/i&gt;" in html and "<i>Spring" not in html


def test_there_is_no_bulk_sign_off(client, enrollment, supervisor):
    """No request signs off more than the one session it names, whatever else it carries."""
    sessions = HandsOnSessionFactory.create_batch(3, enrollment=enrollment)
    every_id = [str(session.pk) for session in sessions]
    client.force_login(supervisor)

    client.post(reverse("programs:verification_queue"), FEEDBACK | {"session": every_id})
    assert set(HandsOnSession.objects.values_list("status", flat=True)) == {"submitted"}

    client.post(
        reverse("programs:verify_session", args=[sessions[0].pk]),
        FEEDBACK | {"session": every_id, "sessions": every_id, "pk": every_id},
    )
    statuses = dict(HandsOnSession.objects.values_list("pk", "status"))
    assert statuses == {
        sessions[0].pk: "verified",
        sessions[1].pk: "submitted",
        sessions[2].pk: "submitted",
    }
    assert AuditEntry.objects.filter(action="session.verified").count() == 1
