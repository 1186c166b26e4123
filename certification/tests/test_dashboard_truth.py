"""The dashboard tells the truth: partial progress counts, nothing sent back is hidden, no
button without a text, "still needed" says who acts and where, at a constant query count."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReviewStatus
from accounts.tests.factories import MedicalLicenseFactory, UserFactory
from certification.pathway import pathway_for
from programs.models import HandsOnRequirements, HandsOnSession
from programs.tests.factories import (
    HandsOnSessionFactory,
    program_with_hands_on,
    trainee_in,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("certification:dashboard")


@pytest.fixture(autouse=True)
def _documents(private_storage):
    return private_storage


def six_session_trainee():
    program = program_with_hands_on()
    HandsOnRequirements.objects.filter(program=program).update(min_verified_sessions=6)
    return trainee_in(program)


def test_two_of_six_sessions_show_as_a_third_of_the_way(client):
    enrollment = six_session_trainee()
    HandsOnSessionFactory.create_batch(2, enrollment=enrollment, verified=True)
    client.force_login(enrollment.applicant)

    page = client.get(DASHBOARD).content.decode()

    assert 'data-minimum="Verified sessions" data-percent="33"' in page
    step = pathway_for(enrollment.applicant)[2]
    # Sessions 2/6, hours 2/2, skin types 1/2, goals 1/2, glabellar lines 0/2: one minimum met
    # of five (20%), yet (33 + 100 + 50 + 50 + 0) / 5 = 47% of the way.
    assert (step.done, step.total) == (1, 5)
    assert step.percent == 47
    bar = re.search(r'aria-label="Hands-on training progress" data-percent="(\d+)"', page)
    assert int(bar.group(1)) == step.percent


class Controls(HTMLParser):
    """Every link and button with the text a screen reader would announce."""

    def __init__(self):
        super().__init__()
        self.open: list[dict] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "button"):
            self.open.append({"tag": tag, "text": dict(attrs).get("aria-label") or ""})

    def handle_data(self, data):
        for control in self.open:
            control["text"] += data

    def handle_endtag(self, tag):
        if tag in ("a", "button") and self.open:
            control = self.open.pop()
            self.found.append((control["tag"], control["text"].strip()))


def test_no_link_or_button_is_empty_while_steps_are_locked(client):
    enrollment = trainee_in(program_with_hands_on())
    client.force_login(enrollment.applicant)

    parser = Controls()
    parser.feed(client.get(DASHBOARD).content.decode())

    assert parser.found
    assert [c for c in parser.found if not c[1]] == []
    step = pathway_for(enrollment.applicant)[3]
    assert (step.action_label, step.action_url) == ("", "")  # both parts locked: no button


def test_step_4_does_not_repeat_the_hands_on_minimums(client):
    enrollment = trainee_in(program_with_hands_on())
    steps = pathway_for(enrollment.applicant)

    assert "verified sessions: 0 of 3" in steps[2].missing
    assert not [text for text in steps[3].missing if "of 3" in text or "sessions" in text]
    assert "the practical exam opens once the hands-on minimums are met (step 3)" in (
        steps[3].missing
    )


def test_a_session_sent_back_is_listed_first_with_the_way_to_correct_it(client):
    enrollment = trainee_in(program_with_hands_on())
    HandsOnSessionFactory(enrollment=enrollment, verified=True)
    returned = HandsOnSessionFactory(
        enrollment=enrollment,
        status=HandsOnSession.Status.RETURNED,
        return_reason="Add the lot number.",
        performed_on=timezone.localdate() - timedelta(days=3),
    )
    HandsOnSessionFactory(enrollment=enrollment)  # waiting for the supervisor
    client.force_login(enrollment.applicant)

    page = client.get(DASHBOARD).content.decode()

    edit = reverse("programs:edit_session", args=[returned.pk])
    top = page.split('data-testid="returned"')[1].split("</section>")[0]
    assert "Add the lot number." in top and edit in top
    step = pathway_for(enrollment.applicant)[2]
    assert step.needs[0].returned and step.needs[0].url == edit
    assert step.action_url == edit
    waiting = [need for need in step.needs if need.who == "your supervisor"]
    assert waiting[0].text == "1 session waits for your supervisor's verification"


def test_a_rejected_license_comes_first_in_step_1(client):
    applicant = UserFactory()
    MedicalLicenseFactory(applicant=applicant, status=ReviewStatus.REJECTED)
    client.force_login(applicant)

    step = pathway_for(applicant)[0]

    assert step.needs[0].returned
    assert step.needs[0].text == "license rejected: correct and resubmit it"
    assert 'data-testid="returned"' in client.get(DASHBOARD).content.decode()


def test_the_dashboard_keeps_a_constant_number_of_queries(client, django_assert_max_num_queries):
    enrollment = six_session_trainee()
    HandsOnSessionFactory(enrollment=enrollment, verified=True)
    client.force_login(enrollment.applicant)
    # 27 queries was the figure before partial progress and returned items were shown.
    with django_assert_max_num_queries(27) as few:
        client.get(DASHBOARD)
    HandsOnSessionFactory.create_batch(5, enrollment=enrollment, verified=True)
    HandsOnSessionFactory.create_batch(
        3, enrollment=enrollment, status=HandsOnSession.Status.RETURNED
    )
    HandsOnSessionFactory.create_batch(3, enrollment=enrollment)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(DASHBOARD).content.decode()
    assert page.count("data-returned") == 3
