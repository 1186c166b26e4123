"""Step 5 of the dashboard follows the certificate: being prepared, issued with its downloads,
suspended, revoked."""

import pytest
from django.urls import reverse

from accounts.models import ReviewStatus
from certification import services
from certification.models import Certificate

from .certificates import (
    candidate_at_last_step,
    certificate_storage,  # noqa: F401 (fixture)
    pass_practical,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_storage")]


def _step5(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("certification:dashboard")).content.decode()
    return page[page.index('data-step="5"') :]


def _earned(django_capture_on_commit_callbacks, execute=True):
    applicant, exam, examiner = candidate_at_last_step()
    with django_capture_on_commit_callbacks(execute=execute):
        pass_practical(exam, examiner)
    return applicant, Certificate.objects.get(holder=applicant)


def test_it_says_the_certificate_is_being_prepared(client, django_capture_on_commit_callbacks):
    applicant, _ = _earned(django_capture_on_commit_callbacks, execute=False)

    step = _step5(client, applicant)

    assert 'data-state="in_progress"' in step[:40]
    assert "Your certificate is being prepared" in step


def test_it_offers_the_issued_certificate_downloads(client, django_capture_on_commit_callbacks):
    applicant, certificate = _earned(django_capture_on_commit_callbacks)

    step = _step5(client, applicant)

    assert 'data-state="complete"' in step[:40]
    assert reverse("certification:certificate_pdf", args=[certificate.pk]) in step
    assert reverse("certification:certificate_badge", args=[certificate.pk]) in step
    assert reverse("certification:verify", args=[certificate.verification_code]) in step
    assert certificate.number in step


def test_it_says_suspended_with_the_way_out(client, django_capture_on_commit_callbacks):
    applicant, _ = _earned(django_capture_on_commit_callbacks)
    applicant.medical_licenses.update(status=ReviewStatus.EXPIRED)

    step = _step5(client, applicant)

    assert "suspended until your renewed license is verified" in step
    assert reverse("accounts:qualifications") in step


def test_it_says_revoked_with_the_reason(client, admin_user, django_capture_on_commit_callbacks):
    applicant, certificate = _earned(django_capture_on_commit_callbacks)
    services.revoke_certificate(certificate=certificate, actor=admin_user, reason="Licence fraud")

    step = _step5(client, applicant)

    assert "Your certificate was revoked: Licence fraud" in step
    assert reverse("certification:certificate_pdf", args=[certificate.pk]) not in step
