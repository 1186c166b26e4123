"""The examiner checks a photo ID against the candidate's legal name before scoring opens; the
check (who, when, kind of ID, last four characters) is recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.errors import DomainError
from accounts.models import AuditEntry
from exams.models import CriterionScore, PracticalSitting
from exams.services.practical.examday import record_identity_check

from .factories import examiner_user, form_data, form_of, sitting, submit

pytestmark = pytest.mark.django_db


def started_unchecked(*examiners):
    return sitting(examiners=examiners, starts_at=timezone.now() - timedelta(minutes=5))


def check_in(client, form, **data):
    payload = {"document_type": "passport", "last_four": "7x2k", "name_matches": "on", **data}
    return client.post(reverse("exams:sitting_check_in", args=[form.pk]), payload, follow=True)


def test_the_score_form_is_closed_until_the_id_is_checked(client, examiner):
    exam = started_unchecked(examiner)
    form = form_of(exam, examiner)

    with pytest.raises(DomainError, match="photo ID"):
        submit(exam, examiner, 4, 4, 4)
    client.force_login(examiner)
    response = client.get(reverse("exams:score_form", args=[form.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("exams:sitting_check_in", args=[form.pk])
    assert exam.candidate.full_legal_name in response.content.decode()
    assert not CriterionScore.objects.exists()


def test_the_examiner_records_the_check_and_scoring_opens(client, examiner):
    exam = started_unchecked(examiner)
    form = form_of(exam, examiner)
    client.force_login(examiner)

    response = check_in(client, form)

    assert response.redirect_chain[-1][0] == reverse("exams:score_form", args=[form.pk])
    exam.refresh_from_db()
    assert exam.id_checked_by == examiner
    assert exam.id_checked_at is not None
    assert exam.id_document_type == PracticalSitting.IdDocument.PASSPORT
    assert exam.id_number_last_four == "7X2K"
    entry = AuditEntry.objects.get(action="sitting.identity_checked")
    assert entry.actor == examiner and entry.data["last_four"] == "7X2K"
    submit(exam, examiner, 4, 4, 4)
    exam.refresh_from_db()
    assert exam.status == PracticalSitting.Status.PASSED


def test_an_id_that_does_not_bear_the_legal_name_keeps_scoring_closed(client, examiner):
    exam = started_unchecked(examiner)
    client.force_login(examiner)

    check_in(client, form_of(exam, examiner), name_matches="")

    exam.refresh_from_db()
    assert exam.id_checked_at is None
    with pytest.raises(DomainError):
        submit(exam, examiner, 4, 4, 4)


def test_it_takes_exactly_the_last_four_characters(client, examiner):
    exam = started_unchecked(examiner)
    client.force_login(examiner)

    response = check_in(client, form_of(exam, examiner), last_four="123456")

    assert "The ID check was not recorded" in response.content.decode()
    exam.refresh_from_db()
    assert exam.id_checked_at is None


def test_only_an_examiner_of_the_sitting_checks_the_id(client, examiner):
    exam = started_unchecked(examiner)
    other = examiner_user()
    client.force_login(other)

    response = check_in(client, form_of(exam, examiner))

    assert response.status_code == 404
    with pytest.raises(DomainError, match="Only an examiner of this sitting"):
        record_identity_check(
            sitting=exam, actor=other, document_type="passport", last_four="1234", name_matches=True
        )
    exam.refresh_from_db()
    assert exam.id_checked_at is None


def test_the_id_is_checked_at_the_sitting_not_days_before(examiner):
    exam = sitting(examiners=[examiner], starts_at=timezone.now() + timedelta(days=2))

    with pytest.raises(DomainError, match="at the sitting"):
        record_identity_check(
            sitting=exam,
            actor=examiner,
            document_type="passport",
            last_four="1234",
            name_matches=True,
        )


def test_the_draft_page_works_after_the_check(client, examiner):
    exam = started_unchecked(examiner)
    form = form_of(exam, examiner)
    client.force_login(examiner)
    check_in(client, form)

    client.post(
        reverse("exams:score_form", args=[form.pk]), form_data(exam, 3, None, None, action="save")
    )

    assert CriterionScore.objects.filter(assignment=form, score=3).exists()
