"""A read compiled once per shape returns what the ORM would, for any keys, and refuses a
queryset whose keys are not parameters of its SQL."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.db.models import F

from accounts.compiled_reads import CompiledRead
from accounts.models import MedicalLicense, ReviewStatus, SupportingCredential

from .factories import MedicalLicenseFactory, SupportingCredentialFactory

pytestmark = pytest.mark.django_db


def _open_licenses(ids):
    return MedicalLicense.objects.filter(pk__in=ids, status=ReviewStatus.SUBMITTED).values(
        "pk", "submitted_at", "number", person=F("applicant__full_legal_name")
    )


def _by_pk(rows):
    return sorted(rows, key=lambda row: row["pk"])


def test_it_reads_what_the_orm_reads_for_any_keys_of_the_same_shape():
    licenses = MedicalLicenseFactory.create_batch(4)
    MedicalLicenseFactory(status=ReviewStatus.REJECTED, pk=licenses[0].pk + 100)
    read = CompiledRead(_open_licenses)

    for ids in ([licenses[0].pk, licenses[1].pk], [licenses[2].pk, licenses[0].pk + 100]):
        assert _by_pk(read(ids)) == _by_pk(_open_licenses(ids))
    assert len(read([licenses[3].pk])) == 1


def test_it_compiles_once_per_shape():
    licenses = MedicalLicenseFactory.create_batch(3)
    built = []
    read = CompiledRead(lambda ids: built.append(len(ids)) or _open_licenses(ids))

    read([licenses[0].pk])
    read([licenses[1].pk])
    read([licenses[1].pk, licenses[2].pk])

    assert built == [1, 2]


def test_it_converts_the_values_as_django_does():
    credential = SupportingCredentialFactory(credit_hours=Decimal("7.5"))
    read = CompiledRead(
        lambda pk: SupportingCredential.objects.filter(pk=pk).values("credit_hours", "submitted_at")
    )

    (row,) = read(credential.pk)

    assert row["credit_hours"] == Decimal("7.5") and isinstance(row["credit_hours"], Decimal)
    assert isinstance(row["submitted_at"], datetime) and row["submitted_at"].tzinfo is not None


def test_it_refuses_a_key_written_into_the_sql_text():
    MedicalLicenseFactory()
    read = CompiledRead(lambda n: MedicalLicense.objects.values("pk")[:n])

    with pytest.raises(ValueError, match="each key must be one parameter"):
        read(2)
