"""Two admins deciding the same item: the second is told it was decided, nothing changes."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry, ReviewStatus

from .factories import MedicalLicenseFactory
from .helpers import messages_of


@pytest.mark.django_db
def test_it_tells_the_second_admin_the_item_was_already_decided(
    applicant,
    admin_user,
    other_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    license = MedicalLicenseFactory(applicant=applicant)
    first, second = Client(), Client()  # two admins, two browsers
    first.force_login(admin_user)
    second.force_login(other_admin)

    with django_capture_on_commit_callbacks(execute=True):
        first.post(reverse("accounts:verify", args=["license", license.pk]))
        response = second.post(
            reverse("accounts:reject", args=["license", license.pk]),
            {"reason": "Blurry.", "confirmed": "1"},
        )

    assert response.status_code == 302
    assert response.url == reverse("accounts:review", args=["license", license.pk])
    assert messages_of(response) == [
        "This item was already verified by Ada Admin; nothing was changed."
    ]
    license.refresh_from_db()
    assert license.status == ReviewStatus.VERIFIED
    assert license.reviewer == admin_user
    assert license.rejection_reason == ""
    assert list(AuditEntry.objects.filter(target_id=str(license.pk)).values_list("action")) == [
        ("license.verified",)
    ]
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_it_does_not_verify_twice(client, applicant, admin_user, other_admin):
    license = MedicalLicenseFactory(applicant=applicant, verified=True, reviewer=admin_user)
    client.force_login(other_admin)

    response = client.post(reverse("accounts:verify", args=["license", license.pk]))

    assert "already verified" in messages_of(response)[0]
    license.refresh_from_db()
    assert license.reviewer == admin_user
    assert not AuditEntry.objects.exists()
