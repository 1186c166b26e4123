"""A list's dates written in Python (accounts/listing.py RowDates) read as the `date` filter
writes them, in the time zone of the request."""

from datetime import UTC, datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from accounts.listing import RowDates


def test_a_rows_time_is_written_as_the_date_filter_writes_it_in_the_current_zone():
    at = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    for zone in ("UTC", "Australia/Sydney", "America/Los_Angeles"):
        with timezone.override(zone):
            dates = RowDates()
            # a template hands the filter the value in the current zone (expects_localtime)
            assert dates.minute(at) == date_filter(timezone.localtime(at), "j M Y H:i")
            assert dates.day(at.date()) == date_filter(at.date(), "j M Y")
