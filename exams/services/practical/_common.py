"""What every part of the practical exam's services shares."""

from accounts.access import has_role
from accounts.errors import DomainError
from accounts.models import User
from accounts.roles import Role

from ...models.practical import PracticalSitting

Status = PracticalSitting.Status


def _require_admin(actor: User, what: str) -> None:
    if not has_role(actor, Role.PROGRAM_ADMIN):
        raise DomainError(f"Only a program admin can {what}.")
