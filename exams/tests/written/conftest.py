import pytest

from exams.models import Attempt, AttemptItem


@pytest.fixture(autouse=True)
def _documents_in_temporary_storage(private_storage):
    """Qualified candidates' documents go to a temporary folder (root conftest)."""
    return private_storage


def answer_all(attempt: Attempt, *, correctly: bool = True) -> dict[int, list[str]]:
    """The page positions that answer each item right (or wrong): {position: [index]}."""
    answers = {}
    for item in AttemptItem.objects.filter(attempt=attempt).select_related("version"):
        key = item.version.correct[0]
        if not correctly:
            key = next(k for k in item.option_order if k not in item.version.correct)
        answers[item.position] = [str(item.option_order.index(key))]
    return answers
