"""The back-office shows the practical exam read-only."""

import pytest
from django.urls import reverse

from .factories import sitting, submit

pytestmark = pytest.mark.django_db


def test_the_back_office_lists_sittings_read_only(client, admin_user, examiner):
    exam = sitting(examiners=[examiner])
    submit(exam, examiner, 4, 4, 4)
    client.force_login(admin_user)
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])

    for name in ["rubric", "rubricversion", "practicalsitting", "examinerassignment"]:
        assert client.get(reverse(f"admin:exams_{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:exams_practicalsitting_change", args=[exam.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
