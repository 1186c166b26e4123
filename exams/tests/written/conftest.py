import pytest

from exams.models import Attempt, AttemptItem


@pytest.fixture(autouse=True)
def _documents_in_temporary_storage(private_storage, monkeypatch):
    """Qualified candidates' documents and question images go to a temporary folder (root
    conftest); the image field resolved its storage at import, like the document fields."""
    from django.core.files.storage import storages

    from exams.models import QuestionImage

    monkeypatch.setattr(QuestionImage._meta.get_field("file"), "storage", storages["private"])
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
