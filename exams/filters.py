"""The filters of the exams app's staff lists (the pattern: accounts/listing.py)."""

import django_filters
from django import forms

from accounts.listing import ListFilterSet
from programs.models import Enrollment

from .models.written import Question, Topic
from .selectors import practical, written


class BankFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        max_length=100,
        method="matching",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Code or text"}),
    )
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        field_name="current_version__topic",
        queryset=Topic.objects.all(),
        to_field_name="code",
        empty_label="Any topic",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Question.Kind.choices, empty_label="Any kind"
    )

    def matching(self, questions, name, value):
        return written.questions_matching(questions, value)


class SittingFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(key, label) for key, (label, _) in practical.SITTING_GROUPS.items()],
        empty_label="All",
        method="in_group",
    )

    def in_group(self, sittings, name, value):
        return practical.sittings_in_group(sittings, value)


class ReadyQueueFilter(ListFilterSet):
    """Parses the ready queue's search; `ReadyQueue(query=...)` takes the cleaned text (the
    queue is worked out page by page, so it has no single queryset to narrow)."""

    q = django_filters.CharFilter(
        label="Name or e-mail",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    class Meta(ListFilterSet.Meta):
        model = Enrollment
        fields = []

    @property
    def qs(self):
        raise NotImplementedError("The ready queue pages itself: see ReadyQueue.")
