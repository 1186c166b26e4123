"""One way to read a number from a request value outside a form (query strings, repeated keys).

`str.isdigit()` accepts "²" and other unicode digits that `int()` refuses, and `int()` accepts
numbers past what the database stores (SQLite raises OverflowError from 2^63 on). Both were
server errors under fuzzing; every view reading a bare number goes through `parse_id`.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

# The largest value of a signed 64-bit column (BigAutoField, PositiveIntegerField on PostgreSQL
# is smaller, but a too-large value there just finds nothing).
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value, *, minimum: int = 1) -> int | None:
    """The whole number written in `value` (ASCII digits only, no sign, no spaces), or None when
    it is not one or lies outside [minimum, 2^63 - 1]."""
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    if number < minimum or number > MAX_ID:
        return None
    return number


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose posted ids are read by `parse_id` first: Django checks
    them with one `pk__in` query, which SQLite answers with OverflowError for ids of 2^63 and
    more (its exact lookups are guarded, `__in` is not)."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(pk)[:20]},
                )
        return super()._check_values(value)
