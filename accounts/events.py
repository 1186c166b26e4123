"""One event the lower layers announce: an applicant may have completed a step of the pathway.

The pathway and the certificate live in the top layer (`certification`), which the apps below
may not import. Services that complete a step (last theory module, verified hands-on session,
passed written attempt, final practical sitting) call `step_completed` inside their transaction;
`certification` registers the listener that re-reads the pathway and creates the pending
certificate in that same transaction. A direct call, not a Django signal, so it is visible where
it happens and cannot be silently disconnected.
"""

from collections.abc import Callable

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
