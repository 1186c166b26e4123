"""The filters of the programs app's staff lists (the pattern: accounts/listing.py)."""

import django_filters

from accounts.listing import ListFilterSet

from .models import Enrollment


class RosterFilter(ListFilterSet):
    """The cohort page's status tabs: each tab is a link that sets `status`."""

    status = django_filters.ChoiceFilter(
        label="Status", choices=Enrollment.Status.choices, empty_label="All"
    )
