"""Fixtures of the qualifications tests: documents go to a temporary private storage."""

import pytest

from accounts.roles import Role

from .factories import UserFactory, certification_type, jurisdiction


@pytest.fixture(autouse=True)
def _documents_in_temporary_storage(private_storage):
    """Every test here keeps its uploads in a temporary folder (root conftest)."""
    return private_storage


@pytest.fixture
def california(db):
    return jurisdiction("US-CA")


@pytest.fixture
def britain(db):
    return jurisdiction("GB")


@pytest.fixture
def bls(db):
    return certification_type("BLS")


@pytest.fixture
def other_admin(db):
    return UserFactory(
        email="admin2@example.test", full_legal_name="Bea Second Admin", roles=[Role.PROGRAM_ADMIN]
    )
