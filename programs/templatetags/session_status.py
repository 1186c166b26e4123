from django import template

from programs.training_rows import session_status_badge as badge_of

register = template.Library()


@register.simple_tag
def session_status_badge(session):
    """{% session_status_badge session %}: the session's status badge, as the case log writes
    it (programs/training_rows.py)."""
    return badge_of(session.status)
