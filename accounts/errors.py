from django.contrib import messages


class DomainError(Exception):
    """A rule of the pathway refused the action; the message is shown to the user as is.

    `field`: the form field the refusal is about, when there is one (a view shows it there)."""

    field: str | None = None


def attempt(request, action, success: str) -> bool:
    """Run a button's state change: its success message, or the refusal's own words."""
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True
