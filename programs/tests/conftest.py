import pytest


@pytest.fixture(autouse=True)
def _documents_in_temporary_storage(private_storage):
    """The qualified applicants' documents go to a temporary folder (root conftest)."""
    return private_storage
