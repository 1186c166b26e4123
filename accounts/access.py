"""Who may do what: the one place where roles are checked.

Views use `role_required` / `RoleRequiredMixin`. A signed-in user without the role gets 403;
objects that belong to someone else are 404 (see the per-object helpers in each app's access.py).
The menu each role sees is declared by each app (`<app>/navigation.py`) and composed in the top
layer (certification/menus.py); this bottom app names no later app's pages.

The roles a person holds are read once per person and kept (see `roles_of`): every signed-in
page needs them for its menu, and working them out from the permission tables each time cost
two queries per request.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .roles import ROLE_PERMISSIONS, Role

ROLE_OF_CODENAME = {codename: role for role, (codename, _) in ROLE_PERMISSIONS.items()}

# The roles each recently seen person holds, in this process, with the user row's roles_version
# they were read under. Kept in the process rather than in Redis: the version check makes a
# process-local copy exactly as safe, and every signed-in request then reads its roles with no
# round trip at all (issue 17). Bounded: forgotten wholesale when full, then re-read.
_known_roles: dict[int, tuple[int, frozenset[Role]]] = {}
KNOWN_ROLES_MAX = 20_000


def role_permission(role: Role) -> str:
    return f"accounts.{ROLE_PERMISSIONS[role][0]}"


def forget_roles(user_ids=None) -> None:
    """Drop this process's copies (all of them without ids); other processes rely on the version."""
    if user_ids is None:
        _known_roles.clear()
    else:
        for pk in user_ids:
            _known_roles.pop(pk, None)


def _roles_from_database(user) -> frozenset[Role]:
    """The role permissions the user holds through a group or directly, as has_perm reads them.

    Two index look-ups joined by UNION: one query with `group__user=user | user=user` made
    PostgreSQL walk every member of every role group (45 ms on the national seed)."""
    from django.contrib.auth.models import Permission

    roles = Permission.objects.filter(
        content_type__app_label="accounts", codename__in=ROLE_OF_CODENAME
    ).order_by()
    codenames = (
        roles.filter(group__user=user)
        .values_list("codename", flat=True)
        .union(roles.filter(user=user).values_list("codename", flat=True))
    )
    return frozenset(ROLE_OF_CODENAME[codename] for codename in codenames)


def roles_of(user) -> frozenset[Role]:
    """The roles `user` holds, with no query once known.

    Kept on the user object for the request and in the process across requests. The kept entry
    carries the user row's `roles_version`, which every change of groups or permissions replaces
    in the same transaction (accounts/signals.py): a request that loads the user row therefore
    never trusts roles older than the row, though each process keeps its own copy. Active and
    superuser are read from the row itself, like has_perm does.
    """
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if user.is_superuser:
        return frozenset(Role)
    held = getattr(user, "_held_roles", None)
    if held is not None:
        return held
    known = _known_roles.get(user.pk)
    if known is not None and known[0] == user.roles_version:
        held = known[1]
    else:
        held = _roles_from_database(user)
        if len(_known_roles) >= KNOWN_ROLES_MAX:
            _known_roles.clear()
        _known_roles[user.pk] = (user.roles_version, held)
    user._held_roles = held
    return held


def has_role(user, role: Role) -> bool:
    return role in roles_of(user)


def require_role(user, *roles: Role) -> None:
    """Refuse (403) unless the user holds one of `roles`."""
    if not roles_of(user) & set(roles):
        labels = " or ".join(role.label.lower() for role in roles)
        raise PermissionDenied(f"This page is for the {labels} role.")


def role_required(*roles: Role):
    """Decorator for function views: sign-in first, then one of the roles, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin(AccessMixin):
    required_role: Role

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_role(request.user, self.required_role)
        return super().dispatch(request, *args, **kwargs)


# --- per-object access: someone else's object is a 404, never a 403 that confirms it exists ---


def _submission_model(kind: str):
    from .models import MedicalLicense, SupportingCredential

    models = {"license": MedicalLicense, "credential": SupportingCredential}
    if kind not in models:
        raise Http404("No such kind of document.")
    return models[kind]


def own_submission(user, kind: str, pk: int):
    """The applicant's own license or credential."""
    return get_object_or_404(_submission_model(kind), pk=pk, applicant=user)


def submission_for_review(user, kind: str, pk: int):
    require_role(user, Role.PROGRAM_ADMIN)
    return get_object_or_404(
        _submission_model(kind).objects.select_related("applicant", "reviewer"), pk=pk
    )


def submission_document_for(user, kind: str, pk: int):
    """The document's owner and program admins may see it; for anyone else it does not exist."""
    if has_role(user, Role.PROGRAM_ADMIN):
        return get_object_or_404(_submission_model(kind), pk=pk)
    return own_submission(user, kind, pk)
