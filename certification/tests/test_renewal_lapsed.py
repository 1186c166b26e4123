"""Past the program's renewal window a certificate has lapsed: the holder's dashboard says the
exams must be sat again, with a link to the written exam, and renewal is closed."""

import pytest
from django.urls import reverse

from certification.models import Renewal
from programs.tests.factories import CohortFactory, EnrollmentFactory

from .certificates import certificate_storage  # noqa: F401 (fixture)
from .renewals import (
    expiring_certificate,
    renewal_storage,  # noqa: F401 (fixture)
    start,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renewal_storage")]


def _enrolled(certificate):
    """The holder's enrollment in the program the certificate is of (the dashboard's program)."""
    cohort = CohortFactory(program=certificate.program, capacity=50)
    EnrollmentFactory(applicant=certificate.holder, cohort=cohort, program=certificate.program)


def test_the_lapsed_holders_dashboard_sends_them_back_to_the_exams(client):
    certificate = expiring_certificate(-31)  # the window closed 30 days after expiry
    _enrolled(certificate)
    client.force_login(certificate.holder)

    page = client.get(reverse("certification:dashboard")).content.decode()

    assert 'data-testid="certificate-lapsed"' in page
    assert "sit the written and practical exams again" in page
    assert reverse("exams:written_home") in page


def test_inside_the_window_the_dashboard_offers_renewal_not_the_exams(client):
    certificate = expiring_certificate(-29)
    _enrolled(certificate)
    client.force_login(certificate.holder)

    page = client.get(reverse("certification:dashboard")).content.decode()

    assert 'data-testid="certificate-lapsed"' not in page
    assert "renew it" in page


def test_renewal_is_closed_once_lapsed(client):
    certificate = expiring_certificate(-31)

    assert start(client, certificate) is None
    assert not Renewal.objects.exists()
