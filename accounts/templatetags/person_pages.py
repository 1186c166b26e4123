from django import template

from accounts import person_pages

register = template.Library()


@register.simple_tag
def person_file_url(person) -> str:
    """{% person_file_url person as url %}: the person's file, or "" (see person_pages.py)."""
    return person_pages.person_file_url(person.pk) if person else ""


@register.simple_tag
def my_data_url() -> str:
    """{% my_data_url as url %}: the signed-in person's "download my data" page, or ""."""
    return person_pages.my_data_url()
