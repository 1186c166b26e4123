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
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .roles import ROLE_PERMISSIONS, Role

ROLE_OF_CODENAME = {codename: role for role, (codename, _) in ROLE_PERMISSIONS.items()}
# A day: the entry is also checked against the user row's roles_version, so its age never makes
# it wrong; the timeout only lets the cache forget people who stopped signing in.
ROLES_CACHE_SECONDS = 24 * 60 * 60


def role_permission(role: Role) -> str:
    return f"accounts.{ROLE_PERMISSIONS[role][0]}"


def roles_cache_key(user_pk) -> str:
    return f"accounts:roles:{user_pk}"


def _roles_from_database(user) -> frozenset[Role]:
    """The role permissions the user holds through a group or directly, as has_perm reads them."""
    from django.contrib.auth.models import Permission

    codenames = (
        Permission.objects.filter(
            Q(group__user=user) | Q(user=user),
            content_type__app_label="accounts",
            codename__in=ROLE_OF_CODENAME,
        )
        .values_list("codename", flat=True)
        .distinct()
    )
    return frozenset(ROLE_OF_CODENAME[codename] for codename in codenames)


def roles_of(user) -> frozenset[Role]:
    """The roles `user` holds, with no query once known.

    Kept on the user object for the request and in the cache across requests. The cached entry
    carries the user row's `roles_version`, which every change of groups or permissions replaces
    in the same transaction (accounts/signals.py): a request that loads the user row therefore
    never trusts roles older than the row, even with a per-process cache. Active and superuser
    are read from the row itself, like has_perm does.
    """
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if user.is_superuser:
        return frozenset(Role)
    held = getattr(user, "_held_roles", None)
    if held is not None:
        return held
    key = roles_cache_key(user.pk)
    cached = cache.get(key)
    if cached is not None and cached[0] == user.roles_version:
        held = frozenset(Role(value) for value in cached[1])
    else:
        held = _roles_from_database(user)
        cache.set(
            key, (user.roles_version, sorted(role.value for role in held)), ROLES_CACHE_SECONDS
        )
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
