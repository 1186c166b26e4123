"""Scheduling takes one candidate chosen in the ready queue: without one, or with one no longer
waiting, the page sends the admin back to the queue and says why; the form shows the candidate
as a fact and offers only their program's rubrics."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from exams.models import PracticalSitting
from exams.services import practical as services
from programs.models import Enrollment
from programs.tests.factories import program_with_hands_on, trainee_with_hands_on_complete

from .factories import rubric

pytestmark = pytest.mark.django_db

URL = reverse("exams:sitting_new")
QUEUE = reverse("exams:practical_ready_queue")


@pytest.fixture
def program(db):
    return program_with_hands_on(name="Glabellar Lines Program")


@pytest.fixture
def chosen(program):
    return trainee_with_hands_on_complete(
        program, full_legal_name="Maria Okafor", email="maria.okafor@clinic.test"
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _post(client, enrollment, exam_rubric, *, url=URL):
    start = timezone.localtime() + timedelta(days=7)
    return client.post(
        url,
        {
            "enrollment": enrollment.pk,
            "rubric": exam_rubric.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "place": "Clinic room 3",
        },
    )


def test_it_sends_to_the_queue_when_no_candidate_is_named(client, admin_user, chosen):
    client.force_login(admin_user)

    response = client.get(URL)

    assert response.status_code == 302 and response.url == QUEUE
    (message,) = _messages(response)
    assert message.startswith("Choose the candidate to schedule here")


@pytest.mark.parametrize("value", ["", "abc", "²", "-1", "1.0", str(2**70)])
def test_it_sends_to_the_queue_when_the_enrollment_is_not_a_number(
    client, admin_user, chosen, value
):
    client.force_login(admin_user)

    response = client.get(URL, {"enrollment": value})

    assert response.status_code == 302 and response.url == QUEUE
    assert _messages(response)[0].startswith("Choose the candidate to schedule here")


def test_it_says_a_candidate_scheduled_meanwhile_is_no_longer_waiting(
    client, admin_user, program, chosen
):
    services.schedule_sitting(
        candidate=chosen.applicant,
        rubric=rubric(program=program),
        starts_at=timezone.now() + timedelta(days=7),
        duration_minutes=45,
        place="Clinic room 3",
        actor=admin_user,
    )
    client.force_login(admin_user)

    response = client.get(URL, {"enrollment": chosen.pk})

    assert response.status_code == 302 and response.url == QUEUE
    (message,) = _messages(response)
    assert "That candidate is no longer waiting for a sitting" in message
    assert "scheduled meanwhile, or withdrawn" in message


def test_it_says_a_withdrawn_candidate_is_no_longer_waiting(client, admin_user, chosen):
    Enrollment.objects.filter(pk=chosen.pk).update(status=Enrollment.Status.WITHDRAWN)
    client.force_login(admin_user)

    response = client.get(URL, {"enrollment": chosen.pk}, follow=True)

    assert response.redirect_chain == [(QUEUE, 302)]
    assert "That candidate is no longer waiting for a sitting" in response.content.decode()


def test_the_form_shows_the_one_candidate_and_only_their_programs_rubrics(
    client, admin_user, program, chosen
):
    trainee_with_hands_on_complete(
        program, full_legal_name="Mario Rossi", email="mario.rossi@clinic.test"
    )
    trainee_with_hands_on_complete(full_legal_name="Lena Ng", email="lena.ng@clinic.test")
    own = rubric(program=program, name="Glabellar practical, 2026")
    foreign = rubric(name="Lip filler practical")
    client.force_login(admin_user)

    response = client.get(URL, {"enrollment": chosen.pk})

    html = response.content.decode()
    assert list(response.context["form"].fields["rubric"].queryset) == [own]
    assert "Glabellar practical, 2026" in html and foreign.name not in html
    # the candidate, as a fact: name, e-mail, program, cohort; no select of candidates
    assert "Maria Okafor" in html and "maria.okafor@clinic.test" in html
    assert "Glabellar Lines Program" in html and chosen.cohort.name in html
    assert f'<input type="hidden" name="enrollment" value="{chosen.pk}"' in html
    assert '<select name="enrollment"' not in html
    for other in ("Mario Rossi", "mario.rossi@clinic.test", "Lena Ng", "lena.ng@clinic.test"):
        assert other not in html
    assert f'<a href="{QUEUE}">Choose another candidate</a>' in html


def test_a_post_schedules_the_candidate_of_the_row(client, admin_user, program, chosen):
    exam_rubric = rubric(program=program)
    client.force_login(admin_user)

    response = _post(client, chosen, exam_rubric, url=f"{URL}?enrollment={chosen.pk}")

    created = PracticalSitting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exams:sitting_detail", args=[created.pk])
    assert created.candidate == chosen.applicant
    assert created.program == program
    assert created.rubric_version == exam_rubric.versions.get()
    assert (created.place, created.duration_minutes) == ("Clinic room 3", 45)


def test_a_post_for_a_candidate_scheduled_meanwhile_goes_back_to_the_queue(
    client, admin_user, program, chosen
):
    exam_rubric = rubric(program=program)
    client.force_login(admin_user)
    assert client.get(URL, {"enrollment": chosen.pk}).status_code == 200
    # Another admin schedules them while this form is open.
    first = services.schedule_sitting(
        candidate=chosen.applicant,
        rubric=exam_rubric,
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
        place="Room 1",
        actor=admin_user,
    )

    response = _post(client, chosen, exam_rubric)

    assert response.status_code == 302 and response.url == QUEUE
    (message,) = _messages(response)
    assert message.startswith("Nothing was scheduled. That candidate is no longer waiting")
    assert list(PracticalSitting.objects.all()) == [first]


def test_a_rubric_of_another_program_is_not_accepted(client, admin_user, program, chosen):
    rubric(program=program)
    client.force_login(admin_user)

    response = _post(client, chosen, rubric(name="Lip filler practical"))

    assert response.status_code == 200
    assert response.context["form"].errors["rubric"] == [f"Choose a rubric of {program}."]
    assert not PracticalSitting.objects.exists()


def test_a_program_without_a_rubric_is_said_before_the_post_and_nothing_is_scheduled(
    client, admin_user, program, chosen
):
    rubric(name="Lip filler practical")  # another program's
    client.force_login(admin_user)

    page = client.get(URL, {"enrollment": chosen.pk}).content.decode()
    start = timezone.localtime() + timedelta(days=7)
    response = client.post(
        URL,
        {
            "enrollment": chosen.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "place": "Clinic room 3",
        },
    )

    assert "data-no-rubric" in page and "Glabellar Lines Program has no rubric yet" in page
    assert f'href="{reverse("exams:rubric_new")}"' in page
    assert response.status_code == 200
    assert response.context["form"].errors["rubric"] == [
        "Glabellar Lines Program has no rubric yet: create its rubric, then schedule."
    ]
    assert not PracticalSitting.objects.exists()


def test_a_program_with_a_rubric_shows_no_such_notice(client, admin_user, program, chosen):
    rubric(program=program)
    client.force_login(admin_user)

    page = client.get(URL, {"enrollment": chosen.pk}).content.decode()

    assert "data-no-rubric" not in page


def test_the_sittings_list_sends_to_the_queue_to_schedule(client, admin_user):
    client.force_login(admin_user)

    html = client.get(reverse("exams:sittings")).content.decode()

    assert f'href="{QUEUE}"' in html and "Schedule a sitting: choose a candidate" in html
    assert f'href="{URL}"' not in html


def test_a_post_without_its_hidden_enrollment_goes_back_to_the_queue(
    client, admin_user, program, chosen
):
    """The candidate of a post is the one its form names, never the address's."""
    exam_rubric = rubric(program=program)
    client.force_login(admin_user)

    response = client.post(
        f"{URL}?enrollment={chosen.pk}",
        {"enrollment": "", "rubric": exam_rubric.pk, "place": "Room 1"},
    )

    assert response.status_code == 302 and response.url == QUEUE
    (message,) = _messages(response)
    assert message.startswith("Nothing was scheduled. Choose the candidate to schedule here")
    assert not PracticalSitting.objects.exists()
