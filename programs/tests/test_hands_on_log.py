"""The trainee logs supervised sessions; bad input is refused with nothing saved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.tests.factories import UserFactory, qualified_applicant
from programs import services
from programs.models import Enrollment, HandsOnSession
from programs.services import SessionEntry
from programs.tests.factories import CohortFactory, program_with_hands_on, trainee_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment():
    return trainee_in(program_with_hands_on())


def entry_for(enrollment, **changes) -> SessionEntry:
    glabella = enrollment.program.treatment_areas.get(name="Glabellar lines")
    values = {
        "supervisor": enrollment.cohort.instructors.first(),
        "performed_on": timezone.localdate(),
        "duration_minutes": 45,
        "model_age_band": "40-49",
        "model_sex": "female",
        "skin_type": 3,
        "product": "OnabotulinumtoxinA",
        "lot_number": "C1234",
        "goal": "soften_dynamic",
        "trainee_role": "performed",
        "outcome": "Tolerated well.",
        "reflection": "Good palpation of the corrugators.",
        "areas": {glabella: Decimal("20")},
    }
    values.update(changes)
    return SessionEntry(**values)


def form_data(enrollment, **changes):
    glabella = enrollment.program.treatment_areas.get(name="Glabellar lines")
    data = {
        "performed_on": timezone.localdate().isoformat(),
        "supervisor": enrollment.cohort.instructors.first().pk,
        "duration_minutes": "45",
        "model_age_band": "40-49",
        "model_sex": "female",
        "skin_type": "3",
        "goal": "soften_dynamic",
        "trainee_role": "performed",
        "product": "OnabotulinumtoxinA",
        "lot_number": "C1234",
        "outcome": "Tolerated well.",
        "reflection": "Good palpation of the corrugators.",
        f"area_{glabella.pk}": "20",
    }
    data.update(changes)
    return data


def test_it_logs_a_session_waiting_for_verification(enrollment):
    session = services.log_session(
        enrollment=enrollment, actor=enrollment.applicant, entry=entry_for(enrollment)
    )
    assert session.status == HandsOnSession.Status.SUBMITTED
    assert [(a.area.name, a.units) for a in session.areas.all()] == [
        ("Glabellar lines", Decimal("20"))
    ]
    assert AuditEntry.objects.filter(
        action="session.submitted", actor=enrollment.applicant
    ).exists()


def test_the_log_form_saves_a_session(client, enrollment):
    client.force_login(enrollment.applicant)
    response = client.post(reverse("programs:log_session"), form_data(enrollment))
    session = HandsOnSession.objects.get()
    assert response.url == reverse("programs:session", args=[session.pk])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"performed_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "future"),
        ({"duration_minutes": "900"}, "minutes"),
        ({"area_GLABELLA": "80"}, "less than or equal to 50"),
        ({"area_GLABELLA": ""}, "at least one treatment area"),
        ({"complications": ["other"]}, "Describe the other complication"),
        ({"skin_type": "7"}, "valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, enrollment, changes, message):
    glabella = enrollment.program.treatment_areas.get(name="Glabellar lines")
    changes = {k.replace("GLABELLA", str(glabella.pk)): v for k, v in changes.items()}
    client.force_login(enrollment.applicant)
    response = client.post(reverse("programs:log_session"), form_data(enrollment, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HandsOnSession.objects.exists()


def test_the_supervisor_must_be_an_instructor_of_the_cohort(client, enrollment):
    outsider = UserFactory(roles=[Role.INSTRUCTOR])
    with pytest.raises(DomainError, match="cohort's instructors"):
        services.log_session(
            enrollment=enrollment,
            actor=enrollment.applicant,
            entry=entry_for(enrollment, supervisor=outsider),
        )
    client.force_login(enrollment.applicant)
    response = client.post(
        reverse("programs:log_session"), form_data(enrollment, supervisor=outsider.pk)
    )
    assert response.status_code == 400
    assert not HandsOnSession.objects.exists()


def test_too_many_units_in_one_session_are_refused(enrollment):
    areas = {area: Decimal("50") for area in enrollment.program.treatment_areas.all()}
    third = enrollment.program.treatment_areas.create(name="Lateral canthal lines", position=3)
    areas[third] = Decimal("10")
    with pytest.raises(DomainError, match="not plausible"):
        services.log_session(
            enrollment=enrollment,
            actor=enrollment.applicant,
            entry=entry_for(enrollment, areas=areas),
        )


def test_a_session_before_the_cohort_started_is_refused(enrollment):
    early = enrollment.cohort.starts_on - timedelta(days=1)
    with pytest.raises(DomainError, match="before your cohort started"):
        services.log_session(
            enrollment=enrollment,
            actor=enrollment.applicant,
            entry=entry_for(enrollment, performed_on=early),
        )


def test_logging_needs_an_active_enrollment(client, enrollment):
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    enrollment.refresh_from_db()
    with pytest.raises(DomainError, match="while you are enrolled"):
        services.log_session(
            enrollment=enrollment, actor=enrollment.applicant, entry=entry_for(enrollment)
        )
    client.force_login(enrollment.applicant)
    response = client.post(reverse("programs:log_session"), form_data(enrollment))
    assert response.status_code == 302
    assert not HandsOnSession.objects.exists()


def test_an_applicant_without_an_enrollment_is_sent_to_the_catalogue(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("programs:training")).content.decode()
    assert "not enrolled in a program yet" in page
    assert client.get(reverse("programs:log_session")).status_code == 302


def test_nobody_logs_into_another_trainees_record(enrollment, stranger):
    with pytest.raises(DomainError, match="your own training record"):
        services.log_session(enrollment=enrollment, actor=stranger, entry=entry_for(enrollment))


def test_trainees_see_only_their_own_sessions(client, enrollment, stranger):
    session = services.log_session(
        enrollment=enrollment, actor=enrollment.applicant, entry=entry_for(enrollment)
    )
    client.force_login(stranger)
    for name in ["session", "edit_session", "correct_session"]:
        assert client.get(reverse(f"programs:{name}", args=[session.pk])).status_code == 404
    response = client.post(
        reverse("programs:add_follow_up", args=[session.pk]),
        {"noted_on": timezone.localdate().isoformat(), "note": "x"},
    )
    assert response.status_code == 404


def test_a_follow_up_note_can_be_added_later(client, enrollment):
    session = services.log_session(
        enrollment=enrollment, actor=enrollment.applicant, entry=entry_for(enrollment)
    )
    client.force_login(enrollment.applicant)
    response = client.post(
        reverse("programs:add_follow_up", args=[session.pk]),
        {"noted_on": timezone.localdate().isoformat(), "note": "Two weeks: symmetric result."},
    )
    assert response.status_code == 302
    assert session.follow_ups.get().note == "Two weeks: symmetric result."


def test_a_follow_up_cannot_predate_the_session(enrollment):
    session = services.log_session(
        enrollment=enrollment, actor=enrollment.applicant, entry=entry_for(enrollment)
    )
    with pytest.raises(DomainError, match="before the session"):
        services.add_follow_up(
            session=session,
            actor=enrollment.applicant,
            noted_on=session.performed_on - timedelta(days=1),
            note="x",
        )


def seated_late(enrollment, days_ago=5):
    """The trainee took a seat from the waitlist well after the cohort started."""
    enrollment.enrolled_at = timezone.now() - timedelta(days=days_ago)
    enrollment.save(update_fields=["enrolled_at"])
    return enrollment


def test_a_session_before_the_trainee_was_enrolled_is_refused(enrollment):
    seated_late(enrollment)
    before_seat = timezone.localdate() - timedelta(days=10)  # after the cohort start

    with pytest.raises(DomainError, match="before you were enrolled"):
        services.log_session(
            enrollment=enrollment,
            actor=enrollment.applicant,
            entry=entry_for(enrollment, performed_on=before_seat),
        )

    assert not HandsOnSession.objects.exists()


def test_the_log_form_refuses_a_session_before_the_enrollment_by_the_same_rule(client, enrollment):
    seated_late(enrollment)
    before_seat = (timezone.localdate() - timedelta(days=10)).isoformat()
    client.force_login(enrollment.applicant)

    response = client.post(
        reverse("programs:log_session"), form_data(enrollment, performed_on=before_seat)
    )

    assert response.status_code == 400
    assert "before you were enrolled" in response.content.decode()
    assert not HandsOnSession.objects.exists()


def test_a_session_on_the_day_of_enrollment_is_accepted(enrollment):
    seated_late(enrollment)
    seat_day = timezone.localdate(enrollment.enrolled_at)

    session = services.log_session(
        enrollment=enrollment,
        actor=enrollment.applicant,
        entry=entry_for(enrollment, performed_on=seat_day),
    )

    assert session.performed_on == seat_day


def test_a_promotion_from_the_waitlist_records_when_the_seat_was_taken():
    cohort = CohortFactory(capacity=1)
    seated = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    waiting = services.apply_for_cohort(actor=qualified_applicant(), cohort=cohort)
    assert seated.enrolled_at is not None and waiting.enrolled_at is None

    services.withdraw_enrollment(enrollment=seated, actor=seated.applicant)

    waiting.refresh_from_db()
    assert waiting.enrolled_at is not None
