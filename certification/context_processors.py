from django.conf import settings

from accounts.access import roles_of
from accounts.roles import Role

from .menus import menu_html


def navigation(request):
    """The menu, rendered only when a template shows it, from the roles the request holds.

    A callable, so that a template that never prints `main_menu` never works it out.
    """

    def main_menu() -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return ""
        match = request.resolver_match
        return menu_html(roles_of(user), match.view_name if match else "")

    def is_applicant() -> bool:
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and Role.APPLICANT in roles_of(user))

    return {"main_menu": main_menu, "is_applicant": is_applicant, "site_name": settings.SITE_NAME}
