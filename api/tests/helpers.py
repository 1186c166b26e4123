"""Helpers of the API tests: keys made through the service, certificates issued for real."""

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from api import services
from api.models import PartnerKey
from certification.tests.certificates import (  # noqa: F401 (fixture)
    certificate_storage,
    issued_certificate,
)

Scope = PartnerKey.Scope


def make_key(scope=Scope.VERIFY, program=None, partner="Acme Clinics") -> tuple[PartnerKey, str]:
    admin = UserFactory(roles=[Role.PROGRAM_ADMIN])
    return services.create_key(partner_name=partner, scope=scope, program=program, actor=admin)


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


@pytest.fixture
def verify_key(db):
    return make_key()
