"""The database allows one certificate in force and one on its way per holder and program."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.tests.factories import qualified_applicant
from certification.models import Certificate
from programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db
Status = Certificate.Status


def _certificate(holder, program, status):
    today = timezone.localdate()
    return Certificate.objects.create(
        holder=holder, program=program, status=status, issued_on=today, expires_on=today
    )


@pytest.mark.parametrize("status", [Status.PENDING, Status.ISSUED])
def test_it_refuses_a_second_certificate_of_the_same_status(status):
    holder, program = qualified_applicant(), ProgramFactory()
    _certificate(holder, program, status)

    with pytest.raises(IntegrityError), transaction.atomic():
        _certificate(holder, program, status)


def test_a_revoked_or_replaced_certificate_does_not_block_a_new_one():
    holder, program = qualified_applicant(), ProgramFactory()
    _certificate(holder, program, Status.REVOKED)
    _certificate(holder, program, Status.SUPERSEDED)

    _certificate(holder, program, Status.ISSUED)
    _certificate(holder, program, Status.PENDING)  # a renewal on its way

    assert Certificate.objects.filter(holder=holder).count() == 4


def test_another_program_or_holder_is_not_blocked():
    holder, program = qualified_applicant(), ProgramFactory()
    _certificate(holder, program, Status.ISSUED)

    _certificate(holder, ProgramFactory(), Status.ISSUED)
    _certificate(qualified_applicant(), program, Status.ISSUED)
