"""Logging and verifying faster: "Save and log another", "Start from my last session", and
the instructor taken from one decision straight to the next session waiting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import HandsOnSession
from programs.tests.factories import program_with_hands_on, trainee_in
from programs.tests.test_hands_on_log import entry_for, form_data

pytestmark = pytest.mark.django_db
LOG = reverse("programs:log_session")


@pytest.fixture
def enrollment():
    return trainee_in(program_with_hands_on())


def test_save_and_log_another_saves_and_opens_a_form_started_from_it(client, enrollment):
    client.force_login(enrollment.applicant)

    response = client.post(LOG, {**form_data(enrollment, lot_number="C777"), "then": "another"})

    assert response.status_code == 302
    assert response.url == LOG + "?start_from=last"
    session = HandsOnSession.objects.get(enrollment=enrollment)
    assert session.lot_number == "C777"
    page = client.get(response.url).content.decode()
    assert 'data-testid="copied-from"' in page
    assert 'value="C777"' in page


def test_a_plain_submit_goes_to_the_session(client, enrollment):
    client.force_login(enrollment.applicant)

    response = client.post(LOG, form_data(enrollment))

    session = HandsOnSession.objects.get(enrollment=enrollment)
    assert response.url == reverse("programs:session", args=[session.pk])


def test_start_from_my_last_session_copies_the_set_up_but_not_the_date_or_the_model(
    client, enrollment
):
    older = timezone.localdate() - timedelta(days=5)
    services.log_session(
        enrollment=enrollment,
        actor=enrollment.applicant,
        entry=entry_for(enrollment, performed_on=older, lot_number="OLD1"),
    )
    services.log_session(
        enrollment=enrollment,
        actor=enrollment.applicant,
        entry=entry_for(
            enrollment,
            performed_on=older + timedelta(days=1),
            lot_number="LAST2",
            duration_minutes=50,
            reflection="Unique reflection text.",
            outcome="Unique outcome text.",
        ),
    )
    client.force_login(enrollment.applicant)

    page = client.get(LOG).content.decode()
    assert 'data-testid="start-from-last"' in page
    form = client.get(LOG, {"start_from": "last"}).context["form"]

    glabella = enrollment.program.treatment_areas.get(name="Glabellar lines")
    assert form.initial["lot_number"] == "LAST2"
    assert form.initial["duration_minutes"] == 50
    assert form.initial["supervisor"] == enrollment.cohort.instructors.first().pk
    assert form[f"area_{glabella.pk}"].value() == 20
    for own in ("performed_on", "model_age_band", "model_sex", "skin_type", "outcome"):
        assert own not in form.initial
    assert "Unique reflection text." not in client.get(LOG, {"start_from": "last"}).content.decode()


def test_an_unknown_start_is_ignored(client, enrollment):
    client.force_login(enrollment.applicant)

    response = client.get(LOG, {"start_from": "../../etc"})

    assert response.status_code == 200
    assert response.context["copied_from"] is None


def _waiting(enrollment, days_ago):
    return services.log_session(
        enrollment=enrollment,
        actor=enrollment.applicant,
        entry=entry_for(enrollment, performed_on=timezone.localdate() - timedelta(days=days_ago)),
    )


def test_after_verifying_the_instructor_lands_on_the_next_session_waiting(client, enrollment):
    first, second = _waiting(enrollment, 3), _waiting(enrollment, 2)
    supervisor = enrollment.cohort.instructors.first()
    client.force_login(supervisor)

    response = client.post(
        reverse("programs:verify_session", args=[first.pk]),
        {"technique": "4", "communication": "4", "judgement": "4", "comment": "Good."},
    )

    assert response.url == reverse("programs:review_session", args=[second.pk])
    first.refresh_from_db()
    assert first.status == HandsOnSession.Status.VERIFIED

    response = client.post(
        reverse("programs:return_session", args=[second.pk]), {"reason": "Add the lot."}
    )

    assert response.url == reverse("programs:verification_queue")
    second.refresh_from_db()
    assert second.status == HandsOnSession.Status.RETURNED
    page = client.get(response.url).content.decode()
    assert "Nothing else waits for your verification." in page
