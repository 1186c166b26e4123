"""`seed_large` (services run, PostgreSQL): it seeds every app's part and leaves the seeded
tables vacuumed, so the benchmark sees the index-only scans production would."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from accounts.tests.factories import ensure_reference_data
from certification.management.commands.seed_large import seeded_tables
from exams.models import Attempt, PracticalSitting
from programs.models import Enrollment, HandsOnSession

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_it_seeds_each_app_and_vacuums_the_seeded_tables(capsys):
    ensure_reference_data()  # an earlier transactional test flushed the migrations' rows
    call_command("seed_large", "--yes-i-mean-it", "--scale", "0.001")

    assert User.objects.filter(email__endswith="@seed.test").count() > 100
    for model in (Enrollment, HandsOnSession, Attempt, PracticalSitting):
        assert model.objects.exists(), model.__name__
    # Only VACUUM sets the visibility map (ANALYZE alone leaves relallvisible at 0); an
    # index-only scan needs it.
    with connection.cursor() as cursor:
        for model in seeded_tables():
            cursor.execute(
                "SELECT relpages, relallvisible FROM pg_class WHERE relname = %s",
                [model._meta.db_table],
            )
            pages, visible = cursor.fetchone()
            assert visible == pages, model._meta.db_table
    out = capsys.readouterr().out
    assert "VACUUM ANALYZE" in out
    assert "with their hands-on minimums met" in out


def test_it_refuses_without_the_confirmation():
    with pytest.raises(CommandError, match="--yes-i-mean-it"):
        call_command("seed_large", "--scale", "0.001")

    assert not User.objects.filter(email__endswith="@seed.test").exists()
