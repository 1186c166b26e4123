"""One event the lower layers announce: an applicant may have completed a step of the pathway.

The pathway and the certificate live in the top layer (`certification`), which the apps below
may not import. Services that complete a step (last theory module, verified hands-on session,
passed written attempt, final practical sitting) call `step_completed` inside their transaction;
`certification` registers the listener that re-reads the pathway and creates the pending
certificate in that same transaction. A direct call, not a Django signal, so it is visible where
it happens and cannot be silently disconnected.
"""

from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

_listeners: list[Callable] = []


def on_step_completed(listener: Callable) -> Callable:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def step_completed(*, applicant, program=None) -> None:
    """`program` None: a step that belongs to no program (step 1) completed; the listener looks
    at every program the applicant is in."""
    for listener in _listeners:
        listener(applicant=applicant, program=program)


_withdrawn_listeners: list[Callable] = []


def on_result_withdrawn(listener: Callable) -> Callable:
    if listener not in _withdrawn_listeners:
        _withdrawn_listeners.append(listener)
    return listener


def result_withdrawn(*, applicant, program, reason: str) -> None:
    """A passed result a step rested on became a fail after the fact (a written item voided or
    rekeyed). Called inside the transaction of the change; `certification` flags a certificate
    issued on it for an admin's decision (never revokes it by itself)."""
    for listener in _withdrawn_listeners:
        listener(applicant=applicant, program=program, reason=reason)


# --- a license change that may change the public standing of the holder's certificates ----------

_standing_watchers: list[Callable] = []


def on_standing_change(watcher: Callable) -> Callable:
    """`watcher(applicant=, as_of=)` reads the standing before the change and returns a function
    `finish(actor=, cause=)` that reads it again after and records what changed."""
    if watcher not in _standing_watchers:
        _standing_watchers.append(watcher)
    return watcher


@contextmanager
def standing_may_change(*, applicant, actor, cause: str, as_of: date | None = None):
    """Wrap, inside its transaction, a change of a license's status (a board's discipline, its
    lift, the daily expiry, a new license verified). `certification` compares its certificates'
    public status before and after and writes one audit entry per certificate whose status
    changed, which partners receive as a webhook event. `as_of`: the day the "before" is read
    at (the expiry job reads it on the license's last valid day: by the time it runs, the date
    alone already reads the license as lapsed)."""
    finishers = [watcher(applicant=applicant, as_of=as_of) for watcher in _standing_watchers]
    yield
    for finish in finishers:
        finish(actor=actor, cause=cause)


# --- since when exam results count ---------------------------------------------------------------

_results_since_providers: list[Callable] = []


def provide_results_since(provider: Callable) -> Callable:
    """`provider(pairs)`: for (applicant id, program id) pairs, a dict of those whose earlier
    exam results no longer count, to the moment from which they count again."""
    if provider not in _results_since_providers:
        _results_since_providers.append(provider)
    return provider


def results_since_for(pairs) -> dict:
    """A certificate lapsed past its renewal window must be earned again by sitting the exams
    again (`certification` knows when it lapsed; the exams below ask here). Pairs missing from
    the answer count every result. One query for any number of pairs."""
    pairs = list(pairs)
    answer: dict = {}
    if not pairs:
        return answer
    for provider in _results_since_providers:
        for key, moment in provider(pairs).items():
            answer[key] = max(moment, answer.get(key, moment))
    return answer


def results_since(*, applicant, program):
    """The moment from which the applicant's exam results in `program` count, or None (all)."""
    return results_since_for([(applicant.pk, program.pk)]).get((applicant.pk, program.pk))
