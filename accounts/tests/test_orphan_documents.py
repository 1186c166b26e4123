"""A corrected item's replaced document file is deleted once the correction commits; a daily
sweep deletes files older than a day that no row refers to."""

import os
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from accounts.documents import purge_orphan_documents
from accounts.models import MedicalLicense, ReviewStatus

from .factories import MedicalLicenseFactory, license_form_data, pdf_bytes

pytestmark = pytest.mark.django_db


def storage():
    return MedicalLicense._meta.get_field("document").storage


def rejected_license(applicant, admin_user):
    return MedicalLicenseFactory(
        applicant=applicant,
        number="A999",
        status=ReviewStatus.REJECTED,
        reviewer=admin_user,
        rejection_reason="The scan is unreadable.",
    )


def test_a_correction_with_a_new_document_deletes_the_old_file(
    client, applicant, admin_user, private_storage, django_capture_on_commit_callbacks
):
    license = rejected_license(applicant, admin_user)
    old_name = license.document.name
    assert storage().exists(old_name)
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:correct", args=["license", license.pk]),
            license_form_data(number="A1000"),
        )

    assert response.status_code == 302
    license.refresh_from_db()
    assert license.document.name != old_name
    assert storage().exists(license.document.name)
    assert not storage().exists(old_name)


def test_a_refused_correction_keeps_the_old_file(
    client, applicant, stranger, admin_user, private_storage, django_capture_on_commit_callbacks
):
    license = rejected_license(applicant, admin_user)
    old_name = license.document.name
    MedicalLicenseFactory(applicant=stranger, number="B1")
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:correct", args=["license", license.pk]),
            license_form_data(number="B1"),
        )

    license.refresh_from_db()
    assert license.document.name == old_name
    assert storage().exists(old_name)


def age(name, days):
    path = storage().path(name)
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_the_sweep_deletes_old_unreferenced_files_only(applicant, private_storage):
    kept = MedicalLicenseFactory(applicant=applicant).document.name
    orphan = storage().save("documents/medicallicense/orphan", ContentFile(pdf_bytes()))
    fresh = storage().save("documents/medicallicense/fresh", ContentFile(pdf_bytes()))
    for name in (kept, orphan):
        age(name, 2)

    deleted = purge_orphan_documents()

    assert deleted == 1
    assert not storage().exists(orphan)
    assert storage().exists(kept) and storage().exists(fresh)


def test_the_command_runs_the_sweep(applicant, private_storage, capsys):
    orphan = storage().save("documents/supportingcredential/orphan", ContentFile(pdf_bytes()))
    age(orphan, 3)

    call_command("purge_orphan_documents")

    assert not storage().exists(orphan)
    assert "orphan documents deleted: 1" in capsys.readouterr().out


def test_nothing_to_sweep_in_an_empty_storage(private_storage):
    assert purge_orphan_documents(min_age=timedelta(0)) == 0
