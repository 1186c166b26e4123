"""Fixtures of the practical exam tests."""

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _documents_in_temporary_storage(private_storage):
    """Qualified applicants' documents go to a temporary folder (root conftest)."""
    return private_storage


@pytest.fixture
def co_examiner(db):
    return UserFactory(
        email="examiner2@example.test", full_legal_name="Otto Co-Examiner", roles=[Role.EXAMINER]
    )


@pytest.fixture
def candidate(db):
    return UserFactory(email="candidate@example.test", full_legal_name="Casey Candidate")
