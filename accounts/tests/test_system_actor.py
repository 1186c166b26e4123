"""The product acts on its own only as the named system actor, and only where a service says so.

Before issue 16 several services took `by=None` and then skipped their role check."""

from datetime import timedelta

import pytest

from accounts.actors import SYSTEM
from accounts.errors import DomainError
from accounts.models import AuditEntry, ReviewStatus
from accounts.roles import Role
from accounts.services import expire_and_remind, grant_role, verify_submission

from .factories import MedicalLicenseFactory, UserFactory, today

pytestmark = pytest.mark.django_db


def test_it_refuses_the_system_actor_where_a_person_must_decide():
    license = MedicalLicenseFactory()

    with pytest.raises(DomainError):
        verify_submission(item=license, actor=SYSTEM)

    license.refresh_from_db()
    assert license.status == ReviewStatus.SUBMITTED
    assert not AuditEntry.objects.filter(action="license.verified").exists()


def test_it_lets_the_system_give_roles_and_audits_it_as_system():
    person = UserFactory()

    assert grant_role(user=person, role=Role.INSTRUCTOR, actor=SYSTEM) is True

    assert person.groups.filter(name=Role.INSTRUCTOR.value).exists()
    entry = AuditEntry.objects.get(action="role.granted")
    assert entry.actor is None and entry.data == {"actor": "system"}


def test_it_audits_a_scheduled_expiry_as_the_system():
    license = MedicalLicenseFactory(expires_on=today() - timedelta(days=1))

    expire_and_remind()

    entry = AuditEntry.objects.get(action="license.expired", target_id=str(license.pk))
    assert entry.actor is None and entry.data["actor"] == "system"
