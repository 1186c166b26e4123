"""Two applicants submitting the same license number at the same instant, in real concurrent
PostgreSQL transactions: one gets through, the other is told the number is taken."""

import threading

import pytest
from django.db import connection

from accounts import services
from accounts.errors import DomainError
from accounts.models import LicenseNumberClaim, MedicalLicense
from accounts.tests.factories import MedicalLicenseFactory, UserFactory, jurisdiction

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_submissions_of_one_number_let_one_through():
    california = jurisdiction()
    applicants = [UserFactory(), UserFactory()]
    start = threading.Barrier(2)
    refused, errors = [], []

    def submit(applicant):
        try:
            start.wait()
            services.submit_license(
                license=MedicalLicenseFactory.build(number="G-777", jurisdiction=california),
                applicant=applicant,
            )
        except DomainError as error:
            refused.append(error)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(a,)) for a in applicants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(refused) == 1 and refused[0].field == "number"
    assert MedicalLicense.objects.filter(number_normalized="G777").count() == 1
    assert LicenseNumberClaim.objects.get(number_normalized="G777").applicant_id == (
        MedicalLicense.objects.get(number_normalized="G777").applicant_id
    )
