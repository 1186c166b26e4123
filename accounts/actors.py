"""Who acts on a transition: a person, or the product itself.

Every service takes the acting person as the keyword `actor` and checks what that person may
do. Work nobody does by hand (a scheduled task, the deadline of an exam, the demo and the
management commands) passes `SYSTEM` instead, explicitly; there is no `actor=None`. SYSTEM holds
no role, so a service that does not name it as allowed refuses it like any stranger; its audit
entries store no person and carry its label ("system").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from .models import User


class SystemActor:
    """The product acting on its own. Looks like a signed-out user to the role checks."""

    is_authenticated = False
    is_active = False
    is_superuser = False
    pk = None

    def __init__(self, label: str):
        self.label = label

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"<SystemActor {self.label}>"


SYSTEM = SystemActor("system")

Actor: TypeAlias = "User | SystemActor"


def is_system(actor: Actor) -> bool:
    return isinstance(actor, SystemActor)
