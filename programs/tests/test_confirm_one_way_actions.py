"""Withdraw, mark completed and delete are one-way: the first POST only asks, naming what will
happen and carrying the fields; the POST with confirmed=1 acts."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from programs.models import Enrollment, TheoryModule, TreatmentArea
from programs.tests.factories import (
    EnrollmentFactory,
    program_with_hands_on,
    program_with_modules,
    trainee_with_hands_on_complete,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def test_an_admin_withdrawal_asks_first_and_changes_nothing(client, admin_user):
    enrollment = EnrollmentFactory(applicant=UserFactory(full_legal_name="Ana Ruiz"))
    client.force_login(admin_user)
    url = reverse("programs:staff_enrollment_withdraw", args=[enrollment.pk])

    response = client.post(url, {"reason": "Moved abroad", "status": "enrolled"})

    assert response.status_code == 200
    assert response.templates[0].name == "_confirm.html"
    page = response.content.decode()
    assert "Withdraw Ana Ruiz from" in page
    assert "Yes, withdraw" in page
    assert '<input type="hidden" name="reason" value="Moved abroad">' in page
    assert '<input type="hidden" name="status" value="enrolled">' in page
    assert '<input type="hidden" name="confirmed" value="1">' in page
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED
    assert not AuditEntry.objects.filter(action="enrollment.withdrawn").exists()

    client.post(url, {"reason": "Moved abroad", "status": "enrolled", "confirmed": "1"})

    enrollment.refresh_from_db()
    assert enrollment.status == Status.WITHDRAWN


def test_a_withdrawal_without_reason_shows_the_error_not_the_question(client, admin_user):
    enrollment = EnrollmentFactory(applicant=UserFactory())
    client.force_login(admin_user)

    response = client.post(
        reverse("programs:staff_enrollment_withdraw", args=[enrollment.pk]), {"reason": " "}
    )

    assert response.status_code == 302


def test_marking_completed_asks_first(client, admin_user):
    enrollment = trainee_with_hands_on_complete()
    client.force_login(admin_user)
    url = reverse("programs:staff_enrollment_complete", args=[enrollment.pk])

    response = client.post(url)

    assert "Yes, mark completed" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED

    client.post(url, {"confirmed": "1"})

    enrollment.refresh_from_db()
    assert enrollment.status == Status.COMPLETED


def test_deleting_a_module_or_an_area_asks_first(client, admin_user):
    module = program_with_modules(2).modules.first()
    area = program_with_hands_on().treatment_areas.first()
    client.force_login(admin_user)

    client.post(reverse("programs:staff_module_delete", args=[module.pk]))
    client.post(reverse("programs:staff_area_delete", args=[area.pk]))
    client.post(reverse("programs:staff_area_delete", args=[area.pk]), {"confirmed": "no"})

    assert TheoryModule.objects.filter(pk=module.pk).exists()
    assert TreatmentArea.objects.filter(pk=area.pk).exists()

    client.post(reverse("programs:staff_module_delete", args=[module.pk]), {"confirmed": "1"})
    client.post(reverse("programs:staff_area_delete", args=[area.pk]), {"confirmed": "1"})

    assert not TheoryModule.objects.filter(pk=module.pk).exists()
    assert not TreatmentArea.objects.filter(pk=area.pk).exists()


def test_a_trainee_withdrawing_is_asked_first(client):
    enrollment = EnrollmentFactory(applicant=UserFactory())
    client.force_login(enrollment.applicant)
    url = reverse("programs:withdraw", args=[enrollment.pk])

    response = client.post(url)

    page = response.content.decode()
    assert "Yes, withdraw" in page
    assert reverse("programs:catalogue") in page  # the way back
    enrollment.refresh_from_db()
    assert enrollment.status == Status.ENROLLED

    client.post(url, {"confirmed": "1"})

    enrollment.refresh_from_db()
    assert enrollment.status == Status.WITHDRAWN
