from django import template

from certification.credentials import linkedin_add_url

register = template.Library()


@register.filter
def linkedin_url(certificate) -> str:
    """LinkedIn's add-to-profile link for an issued certificate."""
    return linkedin_add_url(certificate)
