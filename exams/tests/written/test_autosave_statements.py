"""The autosave is the busiest write of an exam window: on PostgreSQL one statement that checks
the attempt FOR SHARE and writes the item (exams/services/written_autosave.py), elsewhere one
locked read of the attempt with the answered item and one UPDATE of that item; no write at all
when the answer did not change. The rules hold either way: own attempt, open, before the
deadline, a valid option (tests/written/test_autosave.py runs them on both)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exams.models import Attempt, AttemptItem
from exams.services import written_autosave
from exams.services.written import autosave_answer, start_attempt

from .factories import candidate_for, exam_with_bank

pytestmark = pytest.mark.django_db

ONE_STATEMENT = connection.vendor == "postgresql"


def url(attempt):
    return reverse("exams:written_autosave", args=[attempt.pk])


@pytest.fixture
def sitting(client):
    exam = exam_with_bank(questions=3)
    candidate = candidate_for(exam)
    attempt = start_attempt(exam=exam, candidate=candidate)
    client.force_login(candidate)
    client.get(reverse("exams:written_home"))  # the session and its user are warm
    return attempt


def statements(captured, *words) -> list[str]:
    # Savepoints are the test's transaction, not the endpoint's work.
    return [q["sql"] for q in captured if q["sql"].split()[0].upper() in words]


@pytest.mark.skipif(ONE_STATEMENT, reason="PostgreSQL saves in one statement (the next test)")
def test_a_changed_answer_is_one_locked_read_and_one_update(client, sitting):
    with CaptureQueriesContext(connection) as captured:
        assert client.post(url(sitting), {"position": "2", "choice": "1"}).status_code == 200

    reads = [sql for sql in statements(captured, "SELECT") if "exams_attempt" in sql]
    assert len(reads) == 1 and "exams_attemptitem" in reads[0]
    updates = statements(captured, "UPDATE")
    assert len(updates) == 1 and "exams_attemptitem" in updates[0]
    item = AttemptItem.objects.get(attempt=sitting, position=2)
    assert item.selected == [item.option_order[1]] and item.answered_at is not None


@pytest.mark.skipif(not ONE_STATEMENT, reason="the one-statement save is PostgreSQL's")
def test_on_postgresql_a_changed_answer_is_one_statement_that_shares_the_attempt_lock(
    client, sitting
):
    with CaptureQueriesContext(connection) as captured:
        assert client.post(url(sitting), {"position": "2", "choice": "1"}).status_code == 200

    # The statement is prepared once per connection (which earlier tests may have done), then
    # executed by name: the save itself is that one EXECUTE.
    sql = [q["sql"] for q in captured if not q["sql"].startswith("PREPARE ")]
    assert [s for s in sql if "exams_" in s] == [sql[-1]]
    assert sql[-1].startswith(f"EXECUTE {written_autosave._PREPARED_NAME} ")
    prepared = written_autosave._PREPARE
    assert "FOR SHARE" in prepared and "UPDATE exams_attemptitem" in prepared
    item = AttemptItem.objects.get(attempt=sitting, position=2)
    assert item.selected == [item.option_order[1]] and item.answered_at is not None


@pytest.mark.skipif(not ONE_STATEMENT, reason="the prepared statement is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_new_database_connection_prepares_the_statement_again(sitting):
    def save(position):
        return autosave_answer(
            attempt_id=sitting.pk, actor=sitting.candidate, position=position, choices=["1"]
        )

    save(1)
    connection.close()  # as after a database restart: the server session, and its statement, gone
    with CaptureQueriesContext(connection) as captured:
        assert save(2).changed

    assert captured[0]["sql"].startswith(f"PREPARE {written_autosave._PREPARED_NAME} ")
    saved = AttemptItem.objects.filter(attempt=sitting, answered_at__isnull=False)
    assert sorted(saved.values_list("position", flat=True)) == [1, 2]


@pytest.mark.skipif(not ONE_STATEMENT, reason="the plan is PostgreSQL's")
def test_the_save_never_looks_the_attempt_up_by_its_status(sitting):
    # The national seed's lesson: statistics gathered while no attempt was open made the
    # (status, deadline) index look cheaper than the primary key, and each save then walked
    # every open attempt of the exam window. Here the planner is left only the primary key and
    # that index (DDL in the test's transaction, rolled back with it) and told that no attempt
    # is open: the status must still not be what finds the row.
    Attempt.objects.filter(pk=sitting.pk).update(status=Attempt.Status.SUBMITTED)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exams_attempt")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before the DDL
        cursor.execute(
            "DROP INDEX exams_attempt_candidate_id_f514718a, written_attempt_candidate, "
            "one_open_written_attempt, exams_attempt_exam_id_3d78bf6c"
        )
        cursor.execute("ALTER TABLE exams_attempt DROP CONSTRAINT written_attempt_number")
    Attempt.objects.filter(pk=sitting.pk).update(status=Attempt.Status.OPEN)
    params = written_autosave.statement_parameters(
        attempt_id=sitting.pk, candidate_id=sitting.candidate_id, position=1, chosen=[1]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small is read whole
        cursor.execute("EXPLAIN " + written_autosave._SAVE_ONE_ANSWER, params)
        attempt_read = "\n".join(row[0] for row in cursor.fetchall()).split("CTE attempt")[0]

    assert "exams_attempt_pkey" in attempt_read
    assert "written_attempt_overdue" not in attempt_read


def test_the_service_says_whether_the_answer_changed(sitting):
    def save(choice):
        return autosave_answer(
            attempt_id=sitting.pk, actor=sitting.candidate, position=1, choices=[choice]
        )

    first, again, other = save("0"), save("0"), save("1")

    assert (first.changed, again.changed, other.changed) == (True, False, True)
    assert first.deadline == sitting.deadline
    assert 0 < first.seconds_left() <= 30 * 60


def test_the_same_answer_again_writes_nothing(client, sitting):
    client.post(url(sitting), {"position": "2", "choice": "1"})
    answered_at = AttemptItem.objects.get(attempt=sitting, position=2).answered_at

    with CaptureQueriesContext(connection) as captured:
        assert client.post(url(sitting), {"position": "2", "choice": "1"}).status_code == 200

    assert statements(captured, "UPDATE", "INSERT", "DELETE") == []
    assert AttemptItem.objects.get(attempt=sitting, position=2).answered_at == answered_at


def test_the_whole_request_stays_small(client, sitting, django_assert_max_num_queries):
    # The session, the user and the role check (4), then the save: on PostgreSQL one statement;
    # elsewhere the locked read and the update (2) and the savepoint and its release that the
    # test's own transaction wraps around them (2).
    with django_assert_max_num_queries(8):
        assert client.post(url(sitting), {"position": "1", "choice": "0"}).status_code == 200


def test_after_the_deadline_nothing_is_saved_and_the_attempt_is_submitted(client, sitting):
    Attempt.objects.filter(pk=sitting.pk).update(deadline=timezone.now() - timedelta(seconds=1))

    response = client.post(url(sitting), {"position": "1", "choice": "0"})

    assert response.status_code == 409
    assert AttemptItem.objects.get(attempt=sitting, position=1).selected == []
    assert Attempt.objects.get(pk=sitting.pk).status == Attempt.Status.SUBMITTED


def test_a_missing_attempt_is_not_found(client, sitting):
    missing = Attempt(pk=sitting.pk + 1000)
    assert client.post(url(missing), {"position": "1", "choice": "0"}).status_code == 404


def test_someone_elses_attempt_is_not_found_even_at_a_position_it_lacks(client, sitting, stranger):
    client.force_login(stranger)
    assert client.post(url(sitting), {"position": "9", "choice": "0"}).status_code == 404
