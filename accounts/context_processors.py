from django.conf import settings

from .access import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    sections = navigation_for(user) if user is not None and user.is_authenticated else []
    return {"nav_sections": sections, "site_name": settings.SITE_NAME}
