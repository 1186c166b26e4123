"""Who may do what: the one place where roles are checked.

Views use `role_required` / `RoleRequiredMixin`; templates get the navigation of the roles the
signed-in user holds. A signed-in user without the role gets 403; objects that belong to
someone else are 404 (see the per-object helpers in each app's access.py).
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .roles import ROLE_PERMISSIONS, Role


def role_permission(role: Role) -> str:
    return f"accounts.{ROLE_PERMISSIONS[role][0]}"


def has_role(user, role: Role) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(role_permission(role)))


def roles_of(user) -> list[Role]:
    return [role for role in Role if has_role(user, role)]


def require_role(user, role: Role) -> None:
    if not has_role(user, role):
        raise PermissionDenied(f"This page is for the {role.label.lower()} role.")


def role_required(role: Role):
    """Decorator for function views: sign-in first, then the role, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request.user, role)
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


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str


# Each role's own pages, in the order they appear in the menu. Later steps add their pages here.
ROLE_NAVIGATION: dict[Role, list[NavItem]] = {
    Role.APPLICANT: [
        NavItem("My pathway", "certification:dashboard", "signpost-split"),
        NavItem("Qualifications", "accounts:qualifications", "person-vcard"),
        NavItem("Programs", "programs:catalogue", "mortarboard"),
        NavItem("My training", "programs:training", "journal-check"),
        NavItem("Written exam", "exams:written_home", "pencil-square"),
        NavItem("Practical exam", "exams:my_practical", "clipboard2-pulse"),
    ],
    Role.PROGRAM_ADMIN: [
        NavItem("Administration", "accounts:staff_home", "clipboard-check"),
        NavItem("Review queue", "accounts:review_queue", "inboxes"),
        NavItem("Pipeline", "certification:pipeline", "funnel"),
        NavItem("Programs", "programs:staff_programs", "journal-medical"),
        NavItem("Enrollments", "programs:applications", "person-check"),
        NavItem("Jurisdictions", "accounts:jurisdictions", "globe-americas"),
        NavItem("People and roles", "accounts:people", "people"),
        NavItem("Rubrics", "exams:rubrics", "list-check"),
        NavItem("Practical sittings", "exams:sittings", "calendar-check"),
        NavItem("Examiner reports", "exams:practical_reports", "graph-up"),
        NavItem("Question bank", "exams:written_bank", "collection"),
        NavItem("Written exams", "exams:written_exams", "bar-chart-line"),
        NavItem("Certificates", "certification:staff_certificates", "award"),
    ],
    Role.INSTRUCTOR: [
        NavItem("Teaching", "programs:instructor_home", "easel"),
        NavItem("Verification queue", "programs:verification_queue", "clipboard2-check"),
    ],
    Role.EXAMINER: [
        NavItem("Examining", "exams:examiner_home", "ui-checks"),
    ],
}

# Where "home" sends someone who holds several roles: the busiest staff desk first.
HOME_PRIORITY = [Role.PROGRAM_ADMIN, Role.INSTRUCTOR, Role.EXAMINER, Role.APPLICANT]


def navigation_for(user) -> list[tuple[Role, list[NavItem]]]:
    return [(role, ROLE_NAVIGATION[role]) for role in roles_of(user)]


def home_url_name_for(user) -> str | None:
    for role in HOME_PRIORITY:
        if has_role(user, role):
            return ROLE_NAVIGATION[role][0].url_name
    return None


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
