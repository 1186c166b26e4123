"""The base layout's links, worked out once per process instead of on every page.

base.html names seven pages and four static files; `{% url %}` and `{% static %}` resolve each
again for every request (reversing and the manifest look-up cost ~0.3 ms a page, issue 17), yet
the answers change only with the URL configuration, the static files' manifest or the script
prefix. The caches are cleared when a test changes one of those settings.
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

register = template.Library()


@lru_cache(maxsize=64)
def _url(name: str, script_prefix: str) -> str:
    return reverse(name)


@lru_cache(maxsize=64)
def _static(path: str) -> str:
    return static(path)


@register.simple_tag
def layout_url(name: str) -> str:
    """`{% url name %}` for a page that takes no arguments, remembered per script prefix."""
    return _url(name, get_script_prefix())


@register.simple_tag
def layout_static(path: str) -> str:
    """`{% static path %}`, remembered."""
    return _static(path)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME", "DEBUG"}:
        _url.cache_clear()
        _static.cache_clear()
