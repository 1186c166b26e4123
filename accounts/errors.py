"""A refused transition, and the one way a view shows it.

Services raise `DomainError` when a rule of the pathway refuses an action. Views never catch it
by hand: they wrap the service call in `refusal_shown(request)` (a message for the next page) or
`refusal_shown(request, form=form)` (an error on the form being re-shown), then decide where to
go from whether it was refused. `attempt()` is the same for a button that has a success message.
"""

from django.contrib import messages


class DomainError(Exception):
    """A rule of the pathway refused the action; the message is shown to the user as is.

    `field`: the form field the refusal is about, when there is one (a view shows it there)."""

    field: str | None = None


class refusal_shown:  # noqa: N801 (used as a context manager, read like a `with` clause)
    """`with refusal_shown(request) as refused:` runs the block; a `DomainError` raised in it
    stops there and becomes an error message (or, given `form`, an error on that form, beside
    `error.field` when the form has it). Afterwards `refused` is truthy when the action was
    refused, so the view picks its redirect. Any other exception passes through untouched.

    `prefix` goes before the refusal's own words (e.g. "Nothing was saved: ")."""

    def __init__(self, request, *, form=None, prefix: str = ""):
        self.request = request
        self.form = form
        self.prefix = prefix
        self.error: DomainError | None = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, error, traceback) -> bool:
        if not isinstance(error, DomainError):
            return False
        self.error = error
        text = f"{self.prefix}{error}"
        if self.form is not None:
            field = error.field if error.field in self.form.fields else None
            self.form.add_error(field, text)
        else:
            messages.error(self.request, text)
        return True

    def __bool__(self) -> bool:
        return self.error is not None


def attempt(request, action, success: str = "") -> bool:
    """Run a button's state change: its success message (if any), or the refusal's own words.
    True when the action went through."""
    with refusal_shown(request) as refused:
        action()
    if refused:
        return False
    if success:
        messages.success(request, success)
    return True
