"""The candidate's practical page: "I am ready" once the minimums are met, the sitting with a
reminder to bring a photo ID, a cancelled or missed sitting, and when the next attempt opens."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.models import PracticalSitting
from programs.tests.factories import program_with_hands_on, trainee_with_hands_on_complete

from .factories import rubric, sitting

pytestmark = pytest.mark.django_db
PAGE = reverse("exams:my_practical")


@pytest.fixture
def enrollment(db):
    program = program_with_hands_on(practical_wait_days=10)
    return trainee_with_hands_on_complete(program)


def test_it_offers_i_am_ready_once_the_minimums_are_met(client, enrollment):
    client.force_login(enrollment.applicant)

    html = client.get(PAGE).content.decode()

    assert reverse("exams:practical_declare_ready") in html


def test_it_says_when_the_next_attempt_opens_after_a_failed_sitting(client, enrollment):
    failed = sitting(rubric_=rubric(program=enrollment.program), candidate=enrollment.applicant)
    result_at = timezone.now()
    PracticalSitting.objects.filter(pk=failed.pk).update(
        status=PracticalSitting.Status.FAILED, result_at=result_at
    )
    client.force_login(enrollment.applicant)

    html = client.get(PAGE).content.decode()

    opens = timezone.localtime(result_at + timedelta(days=10))
    assert 'data-state="waiting"' in html
    assert f"Your next attempt opens on {opens:%-d %b %Y}" in html
    assert reverse("exams:practical_declare_ready") not in html


def test_it_shows_a_cancelled_sitting_and_its_reason(client, enrollment):
    cancelled = sitting(
        rubric_=rubric(program=enrollment.program),
        candidate=enrollment.applicant,
        starts_at=timezone.now() + timedelta(days=3),
    )
    PracticalSitting.objects.filter(pk=cancelled.pk).update(
        status=PracticalSitting.Status.CANCELLED, close_reason="The examiner is ill."
    )
    client.force_login(enrollment.applicant)

    html = client.get(PAGE).content.decode()

    assert "Cancelled" in html and "The examiner is ill." in html
    assert reverse("exams:practical_declare_ready") in html  # can say ready again
