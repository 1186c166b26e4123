"""The audit trail page: program admins only, filters by person, record, action and dates,
pages in constant queries, exports the filtered set as CSV with formula cells escaped."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.actors import SYSTEM
from accounts.models import AuditEntry, MedicalLicense
from accounts.tests.factories import UserFactory


def rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def shown_ids(response) -> set[int]:
    return {entry.pk for entry in response.context["page"]}


@pytest.fixture
def trail(admin_user, applicant, stranger, instructor):
    """Three entries: the admin acting on the applicant, the stranger on himself, the system."""
    return {
        "about_applicant": audit.record(
            actor=admin_user, action="role.granted", target=applicant, to_state="instructor"
        ),
        "by_stranger": audit.record(actor=stranger, action="account.signed_up", target=stranger),
        "by_system": audit.record(
            actor=SYSTEM, action="license.expired", target=instructor, reason="=HYPERLINK(1)"
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["applicant", "instructor", "examiner"])
def test_it_is_for_program_admins_only(client, role_fixture, request):
    client.force_login(request.getfixturevalue(role_fixture))

    assert client.get(reverse("accounts:audit_trail")).status_code == 403
    assert client.get(reverse("accounts:audit_trail_csv")).status_code == 403


@pytest.mark.django_db
def test_it_filters_by_person_as_actor_or_subject(client, admin_user, applicant, trail):
    client.force_login(admin_user)

    response = client.get(reverse("accounts:audit_trail"), {"person": applicant.email})
    assert shown_ids(response) == {trail["about_applicant"].pk}

    response = client.get(reverse("accounts:audit_trail"), {"person": "Ada Adm"})
    assert shown_ids(response) == {trail["about_applicant"].pk}


@pytest.mark.django_db
def test_it_filters_by_record_kind_and_action(client, admin_user, trail):
    client.force_login(admin_user)
    users = ContentType.objects.get_for_model(admin_user)
    licenses = ContentType.objects.get_for_model(MedicalLicense)

    response = client.get(reverse("accounts:audit_trail"), {"kind": users.pk, "action": "role."})
    assert shown_ids(response) == {trail["about_applicant"].pk}
    response = client.get(reverse("accounts:audit_trail"), {"kind": licenses.pk})
    assert shown_ids(response) == set()


@pytest.mark.django_db
def test_it_filters_by_date_range(client, admin_user, applicant):
    client.force_login(admin_user)
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=40), tick=False):
        old = audit.record(actor=admin_user, action="role.granted", target=applicant)
    recent = audit.record(actor=admin_user, action="role.revoked", target=applicant)
    today = timezone.localdate()

    response = client.get(
        reverse("accounts:audit_trail"),
        {"date_from": (today - timedelta(days=7)).isoformat(), "date_to": today.isoformat()},
    )

    assert shown_ids(response) == {recent.pk}
    assert old.pk not in shown_ids(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"kind": "999999"},
        {"kind": "²"},
        {"date_from": "2026-13-45"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
        {"page": "²"},
        {"person": "x" * 300},
        {"action": "\x00"},
    ],
)
def test_it_answers_bad_filters_without_an_error(client, admin_user, trail, query):
    client.force_login(admin_user)

    assert client.get(reverse("accounts:audit_trail"), query).status_code == 200
    assert client.get(reverse("accounts:audit_trail_csv"), query).status_code == 200


@pytest.mark.django_db
def test_it_pages_in_constant_queries(client, admin_user, django_assert_max_num_queries):
    people = UserFactory.create_batch(5)
    for person in people:
        for _ in range(12):
            audit.record(actor=person, action="role.granted", target=person)
    client.force_login(admin_user)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("accounts:audit_trail"), {"person": "example.test"})

    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == settings.PAGE_SIZE


@pytest.mark.django_db
def test_it_exports_the_filtered_set_with_formulas_escaped(client, admin_user, instructor, trail):
    client.force_login(admin_user)

    response = client.get(reverse("accounts:audit_trail_csv"), {"action": "license."})

    assert response["Content-Type"].startswith("text/csv")
    exported = rows(response)
    assert len(exported) == 1
    assert exported[0]["actor e-mail"] == "system"
    assert exported[0]["person concerned"] == instructor.email
    assert exported[0]["reason"] == "'=HYPERLINK(1)"


@pytest.mark.django_db
def test_it_records_the_person_concerned_of_a_record(admin_user, applicant):
    from accounts.tests.factories import MedicalLicenseFactory

    license = MedicalLicenseFactory(applicant=applicant)

    entry = audit.record(actor=admin_user, action="license.verified", target=license)

    assert AuditEntry.objects.get(pk=entry.pk).subject == applicant


@pytest.mark.django_db
def test_the_migration_fills_the_person_concerned_of_older_entries(admin_user, applicant):
    import importlib

    from django.apps import apps

    from accounts.tests.factories import MedicalLicenseFactory

    migration = importlib.import_module("accounts.migrations.0006_audit_subject_and_trail_indexes")
    license = MedicalLicenseFactory(applicant=applicant)
    on_license = audit.record(actor=admin_user, action="license.verified", target=license)
    on_user = audit.record(actor=admin_user, action="role.granted", target=applicant)
    AuditEntry.objects.update(subject=None)  # as written before the field existed

    migration.backfill_subjects(apps, None)

    assert AuditEntry.objects.get(pk=on_license.pk).subject == applicant
    assert AuditEntry.objects.get(pk=on_user.pk).subject == applicant
