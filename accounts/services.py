from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import audit
from .access import has_role
from .errors import DomainError
from .models import User
from .roles import ROLE_PERMISSIONS, Role


def role_group(role: Role) -> Group:
    # The groups come with migration 0002; they are re-made here if someone deleted one, so a
    # missing group never silently drops a person's role.
    group, created = Group.objects.get_or_create(name=role.value)
    if created:
        codename = ROLE_PERMISSIONS[role][0]
        group.permissions.add(
            Permission.objects.get(content_type__app_label="accounts", codename=codename)
        )
    return group


@transaction.atomic
def register_applicant(*, user: User) -> None:
    """Every account made by sign-up starts as an applicant."""
    user.groups.add(role_group(Role.APPLICANT))
    audit.record(actor=user, action="account.signed_up", target=user, to_state=Role.APPLICANT)


def _lock_member(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _check_role_manager(*, user: User, by: User | None) -> None:
    if by is None:
        return  # management commands and seeding act as the system
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise DomainError("Only a program admin can change roles.")
    if by.pk == user.pk:
        raise DomainError("You cannot change your own roles; ask another program admin.")


@transaction.atomic
def grant_role(*, user: User, role: Role, by: User | None) -> bool:
    """Give `user` a role. Returns False when they already held it (nothing is recorded)."""
    _check_role_manager(user=user, by=by)
    member = _lock_member(user)
    group = role_group(role)
    if member.groups.filter(pk=group.pk).exists():
        return False
    member.groups.add(group)
    if role == Role.PROGRAM_ADMIN and not member.is_staff:
        # Program admins also work in the Django admin back-office.
        member.is_staff = True
        member.save(update_fields=["is_staff"])
    audit.record(actor=by, action="role.granted", target=member, to_state=role)
    return True


@transaction.atomic
def revoke_role(*, user: User, role: Role, by: User | None) -> bool:
    """Take a role away. Returns False when they did not hold it."""
    _check_role_manager(user=user, by=by)
    member = _lock_member(user)
    group = role_group(role)
    if not member.groups.filter(pk=group.pk).exists():
        return False
    member.groups.remove(group)
    if role == Role.PROGRAM_ADMIN and member.is_staff and not member.is_superuser:
        member.is_staff = False
        member.save(update_fields=["is_staff"])
    audit.record(actor=by, action="role.revoked", target=member, from_state=role)
    return True
