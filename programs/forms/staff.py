"""Forms of the program admins' pages. They check what can be checked before saving, so errors
show next to their fields; the services re-check under their locks."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from accounts.forms import DateInput
from accounts.models import User
from accounts.parsing import ModelMultipleIdField

from ..models import (
    CECategory,
    Cohort,
    Enrollment,
    HandsOnRequirements,
    TheoryModule,
    TrainingProgram,
    TreatmentArea,
)
from ..selectors.setup import instructor_choices
from ..services.setup import (
    AREA_FIELDS,
    COHORT_FIELDS,
    MODULE_FIELDS,
    PROGRAM_FIELDS,
    REQUIREMENT_BOUNDS,
    REQUIREMENT_FIELDS,
)


class ProgramForm(forms.ModelForm):
    renewal_ce_categories = forms.TypedMultipleChoiceField(
        label="Renewal: CE categories that count",
        choices=CECategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="CE items in other categories are listed but do not count toward the hours.",
    )
    renewal_ce_hours_required = forms.DecimalField(
        label="Renewal: CE hours required",
        min_value=0,
        max_value=500,
        max_digits=5,
        decimal_places=1,
        help_text="Earned in the counting categories since the last certificate's issue.",
    )
    renewal_audit_percent = forms.IntegerField(
        label="Renewal: share picked for a CE audit (%)",
        min_value=0,
        max_value=100,
        help_text="An audited renewal needs proof for each CE item before it can be approved.",
    )
    renewal_min_practice_entries = forms.IntegerField(
        label="Renewal: treatments performed (practice log)", min_value=0, max_value=1000
    )
    renewal_opens_days_before = forms.IntegerField(
        label="Renewal window: opens days before expiry", min_value=1, max_value=730
    )
    renewal_closes_days_after = forms.IntegerField(
        label="Renewal window: closes days after expiry",
        min_value=0,
        max_value=730,
        help_text="After this the certificate has lapsed: the holder sits the exams again.",
    )

    class Meta:
        model = TrainingProgram
        fields = PROGRAM_FIELDS
        widgets = {
            "accredited_from": DateInput,
            "accredited_until": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("accredited_from"), data.get("accredited_until")
        if start and end and end < start:
            self.add_error("accredited_until", "The accreditation cannot end before it starts.")
        return data


class TheoryModuleForm(forms.ModelForm):
    position = forms.IntegerField(min_value=0, max_value=999)

    class Meta:
        model = TheoryModule
        fields = MODULE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TreatmentAreaForm(forms.ModelForm):
    position = forms.IntegerField(min_value=0, max_value=999)
    min_sessions_performed = forms.IntegerField(
        label="Sessions performed under supervision",
        min_value=0,
        max_value=200,
        help_text="How many verified sessions in this area each trainee must perform (0: none).",
    )

    class Meta:
        model = TreatmentArea
        fields = AREA_FIELDS

    def __init__(self, *args, program: TrainingProgram, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = TreatmentArea.objects.filter(program=self.program, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                f"This program already has a treatment area named “{name}”."
            )
        return name


class HandsOnRequirementsForm(forms.ModelForm):
    class Meta:
        model = HandsOnRequirements
        fields = REQUIREMENT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in REQUIREMENT_BOUNDS.items():
            form_field = self.fields[name]
            form_field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            form_field.widget.attrs.update(min=low, max=high)


class CohortForm(forms.ModelForm):
    capacity = forms.IntegerField(min_value=1, max_value=1000)
    instructors = ModelMultipleIdField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People who hold the instructor role.",
    )

    class Meta:
        model = Cohort
        fields = [*COHORT_FIELDS, "instructors"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructors"].queryset = instructor_choices()
        self.fields["instructors"].label_from_instance = lambda u: (
            f"{u.full_legal_name} ({u.email})" if u.full_legal_name else u.email
        )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The cohort cannot end before it starts.")
        if self.instance.pk is None:
            return data
        enrollments = self.instance.enrollments
        capacity = data.get("capacity")
        if capacity is not None:
            enrolled = enrollments.filter(status=Enrollment.Status.ENROLLED).count()
            if capacity < enrolled:
                self.add_error(
                    "capacity",
                    f"{enrolled} trainees are enrolled; the capacity cannot go below that. "
                    "Withdraw trainees first.",
                )
        instructors = data.get("instructors")
        if instructors:
            trainees = enrollments.filter(
                status__in=Enrollment.ACTIVE, applicant__in=instructors
            ).select_related("applicant")
            names = sorted(e.applicant.full_legal_name or e.applicant.email for e in trainees)
            if names:
                self.add_error(
                    "instructors",
                    f"{', '.join(names)} cannot teach this cohort: "
                    "they are enrolled in it as a trainee.",
                )
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(max_length=500, strip=True)
