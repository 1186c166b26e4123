"""A person's file: for program admins, every step, every record linked to its staff page, the
audit history, in a number of queries that does not grow with the records."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.tests.factories import MedicalLicenseFactory
from certification.models import CEItem, Certificate, Renewal
from certification.tests.certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)
from programs.tests.factories import HandsOnSessionFactory


def file_url(person) -> str:
    return reverse("certification:person_file", args=[person.pk])


@pytest.fixture
def holder(certificate_storage):  # noqa: F811
    applicant, sitting, examiner = candidate_at_last_step()
    pass_practical(sitting, examiner)
    return applicant, sitting


@pytest.mark.django_db
def test_it_shows_every_step_record_and_link(client, admin_user, holder):
    applicant, sitting = holder
    certificate = Certificate.objects.get(holder=applicant)
    license = applicant.medical_licenses.get()
    enrollment = applicant.enrollments.get()
    client.force_login(admin_user)

    response = client.get(file_url(applicant))

    assert response.status_code == 200
    page = response.content.decode()
    assert [step.number for step in response.context["file"].steps] == [1, 2, 3, 4, 5]
    for url in (
        reverse("accounts:review", args=["license", license.pk]),
        reverse("programs:staff_cohort", args=[enrollment.cohort_id]),
        reverse("exams:sitting_detail", args=[sitting.pk]),
        reverse("certification:staff_certificate", args=[certificate.pk]),
        reverse("accounts:second_factor", args=[applicant.pk]),
    ):
        assert f'href="{url}"' in page, url
    file = response.context["file"]
    assert (
        file.hands_on[0].verified == enrollment.hands_on_sessions.filter(status="verified").count()
    )
    assert len(file.attempts) == 1 and len(file.modules) == 3


def renewal_of(certificate, *, audited=False, items=1, status=Renewal.Status.SUBMITTED):
    """A renewal in the given state (made directly: the renewal services have their tests)."""
    renewal = Renewal.objects.create(
        certificate=certificate,
        holder=certificate.holder,
        status=status,
        submitted_at=timezone.now(),
        audited=audited,
    )
    for n in range(items):
        CEItem.objects.create(
            renewal=renewal,
            provider="Aesthetic Society",
            title=f"Toxin update {n}",
            category="neuromodulators",
            completed_on=timezone.localdate() - timedelta(days=10),
            hours=4,
        )
    return renewal


@pytest.mark.django_db
def test_it_shows_the_renewals_with_their_audit_and_review_link(client, admin_user, holder):
    applicant, _ = holder
    certificate = Certificate.objects.get(holder=applicant)
    renewal = renewal_of(certificate, audited=True, items=2)
    client.force_login(admin_user)

    response = client.get(file_url(applicant))

    page = response.content.decode()
    assert f'href="{reverse("certification:staff_renewal", args=[renewal.pk])}"' in page
    shown = response.context["file"].renewals
    assert [r.pk for r in shown] == [renewal.pk]
    assert shown[0].proofs_missing == 2 and shown[0].ce_item_count == 2
    assert "2 of 2 proofs outstanding" in page


@pytest.mark.django_db
def test_it_shows_what_they_did_and_what_was_done_about_them(client, admin_user, applicant):
    about = audit.record(actor=admin_user, action="role.granted", target=applicant)
    by = audit.record(actor=applicant, action="account.signed_up", target=applicant)
    other = audit.record(actor=admin_user, action="role.granted", target=admin_user)
    client.force_login(admin_user)

    history = client.get(file_url(applicant)).context["file"].history

    assert {entry.pk for entry in history} == {about.pk, by.pk}
    assert other.pk not in {entry.pk for entry in history}


@pytest.mark.django_db
def test_its_queries_do_not_grow_with_the_records(client, admin_user, holder):
    applicant, _ = holder
    client.force_login(admin_user)
    client.get(file_url(applicant))  # the admin's roles are read once, then kept
    with CaptureQueriesContext(connection) as before:
        client.get(file_url(applicant))

    enrollment = applicant.enrollments.get()
    certificate = Certificate.objects.get(holder=applicant)
    renewal_of(certificate, status=Renewal.Status.REFUSED, items=3)
    renewal_of(certificate, audited=True, items=2)
    HandsOnSessionFactory.create_batch(4, enrollment=enrollment)
    MedicalLicenseFactory.create_batch(2, applicant=applicant)
    for _ in range(5):
        audit.record(actor=admin_user, action="role.granted", target=applicant)
    with CaptureQueriesContext(connection) as after:
        client.get(file_url(applicant))

    assert len(after) == len(before)
    assert len(after) <= 45, len(after)


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["applicant", "instructor", "examiner"])
def test_it_is_for_program_admins_only(client, role_fixture, request, stranger):
    client.force_login(request.getfixturevalue(role_fixture))

    assert client.get(file_url(stranger)).status_code == 403


@pytest.mark.django_db
def test_it_is_a_404_for_nobody(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("certification:person_file", args=[987654])).status_code == 404


@pytest.mark.django_db
def test_it_opens_for_a_person_without_records(client, admin_user, stranger):
    client.force_login(admin_user)

    assert client.get(file_url(stranger)).status_code == 200


@pytest.mark.django_db
def test_the_people_list_and_the_review_page_link_to_it(client, admin_user, applicant):
    license = MedicalLicenseFactory(applicant=applicant)
    client.force_login(admin_user)
    link = f'href="{file_url(applicant)}"'

    assert link in client.get(reverse("accounts:people")).content.decode()
    review = client.get(reverse("accounts:review", args=["license", license.pk]))
    assert link in review.content.decode()
