from django import template

from accounts.review_rows import status_tone as tone_of

register = template.Library()


@register.filter
def status_tone(status: str) -> str:
    """{{ item.status|status_tone }}: a review status's badge tone (accounts/review_rows.py)."""
    return tone_of(status)
