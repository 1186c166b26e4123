"""The filters of the certification app's staff lists (the pattern: accounts/listing.py)."""

import django_filters

from accounts.listing import ListFilterSet
from programs.models import Cohort, TrainingProgram

from . import pipeline, selectors
from .models import Certificate
from .pathway import STEP_TEXTS


class CertificateFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Certificate.Status.choices, empty_label="All statuses"
    )
    program = django_filters.ModelChoiceFilter(
        label="Program",
        queryset=TrainingProgram.objects.order_by("name"),
        empty_label="All programs",
    )
    q = django_filters.CharFilter(label="Number or name", max_length=100, method="matching")

    def matching(self, certificates, name, value):
        return selectors.certificates_matching(certificates, value)


STEP_CHOICES = [
    *((n, f"{n}. {title}") for n, (title, _) in enumerate(STEP_TEXTS, start=1)),
    (pipeline.CERTIFIED, "Certified"),
]


class PipelineFilter(ListFilterSet):
    program = django_filters.ModelChoiceFilter(
        label="Program",
        queryset=TrainingProgram.objects.order_by("name"),
        empty_label="All programs",
    )
    cohort = django_filters.ModelChoiceFilter(
        label="Cohort", queryset=Cohort.objects.select_related("program"), empty_label="All cohorts"
    )
    step = django_filters.TypedChoiceFilter(
        label="Step",
        field_name="pathway_step",
        choices=[("", "Every step"), *STEP_CHOICES],
        coerce=int,
        empty_value=None,
    )

    def scope(self):
        """The trainees the step counts cover: every filter but the step itself."""
        if not self.is_valid():
            return self.queryset.none()
        enrollments = self.queryset.all()
        for name in ("program", "cohort"):
            enrollments = self.filters[name].filter(enrollments, self.form.cleaned_data[name])
        return enrollments
