"""The written exam's autosave on PostgreSQL: one answer written by one statement.

The autosave is the busiest write of an exam window (every candidate, every few seconds). The
general path (`written._save_answers`) opens a transaction, locks the attempt with the item,
checks in Python and updates: four round trips and most of the request's CPU in building the
queries. Here the same rules are one statement, sent in autocommit:

- the attempt, read by its key alone and locked FOR SHARE (for the length of one statement,
  whoever's it is), is the candidate's own, open and before its deadline (the server's
  clock): a submission claims the attempt with an UPDATE, which waits for this statement, or
  this statement waits for the submission and then finds the attempt submitted. So no answer
  lands between the claim and the grading, as with the general path's lock;
- the item is at that position of that attempt, every chosen option is one the item shows, and
  only a multiple-response question takes more than one;
- the chosen positions become the version's keys through the item's own `option_order`, sorted
  as `_choices_to_keys` sorts them (code point order: COLLATE "C");
- nothing is written when the answer did not change (no new row version, `answered_at` kept).

When the statement finds nothing to write to (someone else's attempt, submitted, past the
deadline, a question or option that is not there) it says only that; the caller then runs the
general path, whose locked read tells which rule refused the answer, in the same words as before.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from ..models.written import Attempt, Question

# Options a question may show: any chosen position past this is left to the general path to
# refuse (it also keeps the int[] parameter within PostgreSQL's integer).
_MAX_OPTION = 1000

_SAVE_ONE_ANSWER = """
WITH locked AS MATERIALIZED (
    -- Found by its primary key alone, then checked: statistics gathered while few attempts were
    -- open made the (status, deadline) index look cheaper, and each save then walked every open
    -- attempt of the exam window. MATERIALIZED keeps the planner from folding the checks back in.
    SELECT id, candidate_id, status, deadline FROM exams_attempt
    WHERE id = %(attempt)s
    FOR SHARE
), attempt AS (
    SELECT id, deadline FROM locked
    WHERE candidate_id = %(candidate)s AND status = %(open)s AND deadline > %(now)s
), answer AS (
    SELECT item.id,
        (SELECT coalesce(
                jsonb_agg(item.option_order -> chosen
                          ORDER BY (item.option_order ->> chosen) COLLATE "C"),
                '[]'::jsonb)
            FROM unnest(%(chosen)s::int[]) AS chosen) AS selected
    FROM exams_attemptitem item
    JOIN attempt ON item.attempt_id = attempt.id
    JOIN exams_question question ON question.id = item.question_id
    WHERE item.position = %(position)s
        AND %(highest)s < jsonb_array_length(item.option_order)
        AND (%(count)s <= 1 OR question.kind = %(multiple)s)
), saved AS (
    UPDATE exams_attemptitem item SET selected = answer.selected, answered_at = %(now)s
    FROM answer
    WHERE item.id = answer.id AND item.selected IS DISTINCT FROM answer.selected
    RETURNING item.id
)
SELECT attempt.deadline, (SELECT count(*) FROM saved)
FROM attempt JOIN answer ON true
"""


# The statement is prepared once per database connection and executed by name: PostgreSQL then
# neither parses nor plans it on each save (planning alone was ~0.6 ms a save on the national
# seed, about a third of the database's work for it). Its parameters, in order, with their types:
_PARAMETERS = {
    "attempt": "bigint",
    "candidate": "bigint",
    "now": "timestamptz",
    "position": "integer",
    "chosen": "integer[]",
    "highest": "integer",
    "count": "integer",
    "open": "text",
    "multiple": "text",
}
_PREPARED_NAME = "exams_save_one_answer"


def _prepare_statement() -> str:
    sql = _SAVE_ONE_ANSWER
    for number, name in enumerate(_PARAMETERS, start=1):
        sql = sql.replace(f"%({name})s", f"${number}")
    return f"PREPARE {_PREPARED_NAME} ({', '.join(_PARAMETERS.values())}) AS {sql}"


_PREPARE = _prepare_statement()
_EXECUTE = f"EXECUTE {_PREPARED_NAME} ({', '.join(['%s'] * len(_PARAMETERS))})"


def _execute(cursor, params: dict) -> None:
    """Run the statement, preparing it first on a connection that has not seen it. A prepared
    statement lives as long as the server session (a rolled-back transaction keeps it), so the
    driver's connection object it was prepared on is remembered: a reconnect prepares again."""
    raw = connection.connection
    if getattr(connection, "_autosave_prepared_on", None) is not raw:
        cursor.execute(_PREPARE)
        connection._autosave_prepared_on = raw
    cursor.execute(_EXECUTE, [params[name] for name in _PARAMETERS])


@dataclass(frozen=True)
class SavedAnswer:
    """What the page's script is told: the answer is stored, and the time left."""

    deadline: datetime
    changed: bool

    def seconds_left(self, now=None) -> int:
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))


def _chosen_positions(choices: list) -> list[int] | None:
    """The chosen option positions, distinct and sorted; None for anything else (the general
    path says what is wrong with it)."""
    try:
        chosen = sorted({int(choice) for choice in choices})
    except (TypeError, ValueError):
        return None
    if any(not 0 <= index < _MAX_OPTION for index in chosen):
        return None
    return chosen


def statement_parameters(
    *, attempt_id: int, candidate_id: int, position: int, chosen: list[int]
) -> dict:
    """The statement's parameters by name, for these sorted, distinct option positions."""
    return {
        "attempt": attempt_id,
        "candidate": candidate_id,
        "now": timezone.now(),
        "position": position,
        "chosen": chosen,
        "highest": chosen[-1] if chosen else -1,
        "count": len(chosen),
        "open": Attempt.Status.OPEN,
        "multiple": Question.Kind.MULTIPLE,
    }


def save_one_answer(
    *, attempt_id: int, candidate_id: int, position: int, choices: list
) -> SavedAnswer | None:
    """Store one answer in one statement if every rule allows it; None if one does not."""
    chosen = _chosen_positions(choices)
    if chosen is None:
        return None
    params = statement_parameters(
        attempt_id=attempt_id, candidate_id=candidate_id, position=position, chosen=chosen
    )
    with connection.cursor() as cursor:
        _execute(cursor, params)
        row = cursor.fetchone()
    if row is None:
        return None
    deadline, changed = row
    return SavedAnswer(deadline=deadline, changed=bool(changed))
