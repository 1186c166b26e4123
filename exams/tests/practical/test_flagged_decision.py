"""An admin decides a flagged sitting, with a reason, recorded; nobody else can."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from exams.models import PracticalSitting

from .factories import rubric, sitting, submit
from .test_sitting_result import completed_steps  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
Status = PracticalSitting.Status


@pytest.fixture
def flagged(examiner, co_examiner):
    exam = sitting(rubric_=rubric(cut_score=Decimal("60")), examiners=[examiner, co_examiner])
    submit(exam, examiner, 3, 3, 3)
    submit(exam, co_examiner, 2, 2, 2)
    exam.refresh_from_db()
    assert exam.status == Status.FLAGGED
    return exam


def decide(client, sitting_, **data):
    return client.post(
        reverse("exams:sitting_resolve", args=[sitting_.pk]),
        {**data, "confirmed": "1"},
        follow=True,
    )


def test_an_admin_passes_a_flagged_sitting_with_a_reason(
    client,
    admin_user,
    flagged,
    completed_steps,  # noqa: F811
):
    client.force_login(admin_user)

    response = decide(client, flagged, decision="pass", reason="Video review: technique safe.")

    assert "Decision recorded" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.status == Status.PASSED
    assert flagged.decided_by == admin_user
    assert flagged.decision_reason == "Video review: technique safe."
    entry = AuditEntry.objects.filter(action="sitting.result", target_id=str(flagged.pk)).first()
    assert (entry.actor, entry.from_state, entry.to_state) == (
        admin_user,
        Status.FLAGGED,
        Status.PASSED,
    )
    assert entry.reason == "Video review: technique safe."
    assert completed_steps == [(flagged.candidate_id, flagged.program_id)]


def test_a_decision_without_a_reason_is_refused(client, admin_user, flagged):
    client.force_login(admin_user)

    response = decide(client, flagged, decision="fail", reason="")

    assert "give the reason" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.status == Status.FLAGGED


def test_a_sitting_that_is_not_flagged_takes_no_decision(client, admin_user, examiner):
    exam = sitting(examiners=[examiner])
    client.force_login(admin_user)

    response = decide(client, exam, decision="pass", reason="Because.")

    assert "Only a flagged sitting needs a decision" in response.content.decode()
    exam.refresh_from_db()
    assert exam.status == Status.SCHEDULED


def test_an_examiner_cannot_decide(client, examiner, flagged):
    client.force_login(examiner)

    assert decide(client, flagged, decision="pass", reason="x").status_code == 403
    flagged.refresh_from_db()
    assert flagged.status == Status.FLAGGED


def test_the_decision_asks_first_and_decides_nothing_until_confirmed(client, admin_user, flagged):
    client.force_login(admin_user)
    url = reverse("exams:sitting_resolve", args=[flagged.pk])

    response = client.post(url, {"decision": "pass", "reason": "Video reviewed."})

    assert "Yes, record “passed”" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.status == Status.FLAGGED

    client.post(url, {"decision": "pass", "reason": "Video reviewed.", "confirmed": "1"})

    flagged.refresh_from_db()
    assert flagged.status == Status.PASSED
