"""A program admin decides a submitted renewal from the review queue: approval issues the new
certificate, which supersedes the old one, and both verify correctly; returning and refusing
need a reason; nobody decides their own renewal."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.navigation import open_reviews
from accounts.roles import Role
from accounts.services import role_group
from accounts.tests.factories import MedicalLicenseFactory
from accounts.tests.helpers import committed, messages_of
from certification.models import Certificate, Renewal

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .renewals import (
    add_ce,
    approve,
    expiring_certificate,
    renewal_storage,  # noqa: F401 (fixture)
    submit,
    submitted_renewal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renewal_storage")]
Status = Renewal.Status


def test_approval_issues_the_new_certificate_and_supersedes_the_old(
    client, admin_user, django_capture_on_commit_callbacks
):
    old = expiring_certificate(60)
    renewal = submitted_renewal(client, old)

    with django_capture_on_commit_callbacks(execute=True):
        approve(client, admin_user, renewal)

    renewal.refresh_from_db()
    old.refresh_from_db()
    new = renewal.new_certificate
    assert renewal.status == Status.APPROVED and renewal.reviewer == admin_user
    assert (old.status, new.status) == (Certificate.Status.SUPERSEDED, Certificate.Status.ISSUED)
    assert new.renews == old and new.number != old.number
    assert new.expires_on == old.expires_on.replace(year=old.expires_on.year + 2)
    assert AuditEntry.objects.filter(action="renewal.approved", actor=admin_user).exists()

    client.logout()
    for certificate, status in ((old, "superseded"), (new, "valid")):
        page = client.get(reverse("certification:verify", args=[certificate.verification_code]))
        assert f'data-certificate-status="{status}"' in page.content.decode()


def test_approval_after_expiry_starts_from_today(
    client, admin_user, django_capture_on_commit_callbacks
):
    old = expiring_certificate(-10)
    renewal = submitted_renewal(client, old)

    with django_capture_on_commit_callbacks(execute=True):
        approve(client, admin_user, renewal)

    new = Certificate.objects.get(holder=old.holder, status=Certificate.Status.ISSUED)
    assert new.issued_on == timezone.localdate() and new.expires_on > timezone.localdate()


def test_it_is_in_the_review_queue_as_a_third_kind(client, admin_user):
    renewal = submitted_renewal(client, expiring_certificate(60))
    client.force_login(admin_user)

    everything = client.get(reverse("accounts:review_queue"))
    only_renewals = client.get(reverse("accounts:review_queue"), {"kind": "renewal"})

    assert [(row.kind, row.pk) for row in everything.context["items"]] == [("renewal", renewal.pk)]
    assert f'data-queue-item="renewal-{renewal.pk}"' in only_renewals.content.decode()
    assert open_reviews(admin_user).count == 1  # the staff home's review tile counts it


def test_the_queue_sees_a_renewal_submitted_or_decided_on_its_next_view(client, admin_user):
    # The queue keeps its order in the cache while none of its rows changes: a registered
    # kind's rows count too (accounts/review_queue_cache.py).
    certificate = expiring_certificate(60)
    client.force_login(admin_user)
    assert client.get(reverse("accounts:review_queue")).context["items"] == []

    with committed():
        renewal = submitted_renewal(client, certificate)
    client.force_login(admin_user)
    queue = client.get(reverse("accounts:review_queue")).context
    assert [(row.kind, row.pk) for row in queue["items"]] == [("renewal", renewal.pk)]

    with committed():
        approve(client, admin_user, renewal)
    queue = client.get(reverse("accounts:review_queue")).context
    assert queue["items"] == [] and queue["page"].paginator.count == 0


def test_a_draft_is_not_in_the_queue(client, admin_user):
    certificate = expiring_certificate(60)
    client.force_login(certificate.holder)
    client.post(reverse("certification:renew", args=[certificate.pk]))
    client.force_login(admin_user)

    assert client.get(reverse("accounts:review_queue")).context["items"] == []


def test_return_needs_a_reason_and_the_holder_can_resubmit(client, admin_user, mailoutbox):
    certificate = expiring_certificate(60)
    renewal = submitted_renewal(client, certificate)
    client.force_login(admin_user)
    url = reverse("certification:staff_renewal_return", args=[renewal.pk])

    client.post(url, {"reason": "", "confirmed": "1"})
    renewal.refresh_from_db()
    assert renewal.status == Status.SUBMITTED

    client.post(url, {"reason": "Add the certificate of the March course", "confirmed": "1"})
    renewal.refresh_from_db()
    assert renewal.status == Status.RETURNED
    assert renewal.decision_reason == "Add the certificate of the March course"

    client.force_login(certificate.holder)
    add_ce(client, renewal, hours="2")
    submit(client, renewal)
    renewal.refresh_from_db()
    assert renewal.status == Status.SUBMITTED and renewal.ce_items.count() == 2


def test_refusal_is_final(client, admin_user):
    certificate = expiring_certificate(60)
    renewal = submitted_renewal(client, certificate)
    client.force_login(admin_user)

    client.post(
        reverse("certification:staff_renewal_refuse", args=[renewal.pk]),
        {"reason": "The CE provider is not accredited", "confirmed": "1"},
    )

    renewal.refresh_from_db()
    certificate.refresh_from_db()
    assert renewal.status == Status.REFUSED
    assert certificate.status == Certificate.Status.ISSUED
    assert not Certificate.objects.filter(renews=certificate).exists()


def test_it_asks_before_approving(client, admin_user):
    renewal = submitted_renewal(client, expiring_certificate(60))
    client.force_login(admin_user)

    response = client.post(reverse("certification:staff_renewal_approve", args=[renewal.pk]))

    assert "Yes, approve and issue" in response.content.decode()
    renewal.refresh_from_db()
    assert renewal.status == Status.SUBMITTED


def test_an_admin_cannot_approve_their_own_renewal(client):
    certificate = expiring_certificate(60)
    certificate.holder.groups.add(role_group(Role.PROGRAM_ADMIN))
    renewal = submitted_renewal(client, certificate)

    response = approve(client, certificate.holder, renewal)

    renewal.refresh_from_db()
    assert renewal.status == Status.SUBMITTED
    assert any("your own renewal" in text for text in messages_of(response))


def test_only_program_admins_reach_the_decision(client, applicant, instructor):
    renewal = submitted_renewal(client, expiring_certificate(60))
    for user in (applicant, instructor):
        client.force_login(user)
        page = client.get(reverse("certification:staff_renewal", args=[renewal.pk]))
        assert page.status_code == 403
        response = client.post(
            reverse("certification:staff_renewal_approve", args=[renewal.pk]), {"confirmed": "1"}
        )
        assert response.status_code == 403
    renewal.refresh_from_db()
    assert renewal.status == Status.SUBMITTED


def test_the_review_page_stays_constant_in_queries(
    client, admin_user, django_assert_max_num_queries
):
    renewal = submitted_renewal(client, expiring_certificate(60))
    client.force_login(admin_user)
    url = reverse("certification:staff_renewal", args=[renewal.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    with_one_item = len(few.captured_queries)
    Renewal.objects.filter(pk=renewal.pk).update(status=Status.DRAFT)
    client.force_login(renewal.holder)
    for _ in range(5):
        add_ce(client, renewal, hours="1", proof=True)
    Renewal.objects.filter(pk=renewal.pk).update(status=Status.SUBMITTED)
    client.force_login(admin_user)
    with django_assert_max_num_queries(with_one_item):
        client.get(url)


def test_the_staff_homes_review_count_is_kept_until_the_queue_changes(
    client, admin_user, django_assert_max_num_queries
):
    MedicalLicenseFactory()
    assert open_reviews(admin_user).count == 1
    with django_assert_max_num_queries(1):  # the version token; the count is kept
        assert open_reviews(admin_user).count == 1

    with committed():
        MedicalLicenseFactory()

    assert open_reviews(admin_user).count == 2
