"""Keep cached roles honest: any change of who is in which group, or of what a group or a
person is permitted, replaces the people's `roles_version` (which every process checks its kept
copy against) and drops this process's copies of their roles.

Receivers rather than calls in services.grant_role/revoke_role, because groups also change
through the back-office, the shell and data migrations; every path goes through these m2m
relations or deletes a group. Connected in AccountsConfig.ready().
"""

import secrets

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, pre_delete

from .access import forget_roles
from .models import User


def new_roles_version() -> int:
    return secrets.randbits(62) + 1


def roles_changed(user_ids) -> int:
    """Mark the roles of these people as changed, in the same transaction as the change."""
    user_ids = set(user_ids)
    version = new_roles_version()
    if user_ids:
        User.objects.filter(pk__in=user_ids).update(roles_version=version)
        forget_roles(user_ids)
    return version


def _members_of(group_ids) -> list[int]:
    return list(User.objects.filter(groups__in=group_ids).values_list("pk", flat=True).distinct())


def _refresh_in_hand(instance, version: int) -> None:
    # The object in hand (say, the row a service locked) must not answer from its own copy.
    instance.__dict__.pop("_held_roles", None)
    instance.roles_version = version


def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:  # user.groups.add(...) / user.user_permissions.add(...)
        _refresh_in_hand(instance, roles_changed([instance.pk]))
    elif action == "pre_clear":  # group.user_set.clear(): the members, before they are gone
        roles_changed(instance.user_set.values_list("pk", flat=True))
    else:  # group.user_set.add(...), permission.user_set.add(...)
        roles_changed(pk_set)


def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:  # group.permissions.add(...)
        roles_changed(_members_of([instance.pk]))
    elif action == "pre_clear":  # permission.group_set.clear()
        roles_changed(_members_of(instance.group_set.values_list("pk", flat=True)))
    else:  # permission.group_set.add(...)
        roles_changed(_members_of(pk_set))


def group_deleted(sender, instance, **kwargs):
    roles_changed(_members_of([instance.pk]))


def connect() -> None:
    m2m_changed.connect(user_groups_changed, sender=User.groups.through)
    m2m_changed.connect(user_groups_changed, sender=User.user_permissions.through)
    m2m_changed.connect(group_permissions_changed, sender=Group.permissions.through)
    pre_delete.connect(group_deleted, sender=Group)
