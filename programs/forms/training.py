"""Forms of the training workflows: theory-module records and the hands-on log."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from accounts.forms import DateInput

from ..models import HandsOnSession, TreatmentArea
from ..services.hands_on import RATING_SCALE, UNITS_PER_AREA, SessionEntry, session_entry_errors
from ..services.theory import module_record_errors


class ModuleRecordForm(forms.Form):
    """One row of a roster: one trainee in one module."""

    # A roster row has no labels of its own; the column headings say what each input is.
    attended = forms.BooleanField(
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-label": "Attended", "class": "form-check-input"}),
    )
    passed_assessment = forms.BooleanField(
        label="Passed quiz/assessment",
        required=False,
        widget=forms.CheckboxInput(
            attrs={"aria-label": "Passed quiz or assessment", "class": "form-check-input"}
        ),
    )
    completed_on = forms.DateField(
        label="Date",
        required=False,
        widget=DateInput(attrs={"aria-label": "Date", "class": "form-control form-control-sm"}),
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(
            attrs={"aria-label": "Note", "class": "form-control form-control-sm"}
        ),
    )

    def clean(self):
        data = super().clean()
        errors = module_record_errors(
            attended=bool(data.get("attended")),
            passed_assessment=bool(data.get("passed_assessment")),
            completed_on=data.get("completed_on"),
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return data


# At most one row per trainee of a cohort (capacity <= 1,000) or per module: Django would
# otherwise build 2,000 forms for a hostile TOTAL_FORMS.
ModuleRecordFormSet = forms.formset_factory(ModuleRecordForm, extra=0, absolute_max=1000)


def module_record_initial(completion) -> dict:
    if completion is None:
        return {"completed_on": timezone.localdate()}
    return {
        "attended": completion.attended,
        "passed_assessment": completion.passed_assessment,
        "completed_on": completion.completed_on or timezone.localdate(),
        "note": completion.note,
    }


class SessionForm(forms.ModelForm):
    """The trainee's record of one supervised session. Units per treatment area are one field
    per area of the program (`area_<id>`); an area left blank was not treated."""

    complications = forms.MultipleChoiceField(
        choices=HandsOnSession.Complication.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if there were none.",
    )

    class Meta:
        model = HandsOnSession
        fields = [
            "performed_on",
            "supervisor",
            "duration_minutes",
            "model_age_band",
            "model_sex",
            "skin_type",
            "goal",
            "trainee_role",
            "product",
            "lot_number",
            "outcome",
            "complications",
            "complication_notes",
            "reflection",
        ]
        widgets = {
            "performed_on": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "reflection": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "duration_minutes": "Minutes, from consultation to the end of treatment.",
            "product": "E.g. onabotulinumtoxinA, abobotulinumtoxinA, incobotulinumtoxinA.",
            "reflection": "What went well, what you would do differently. No patient names.",
        }

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollment = enrollment
        self.fields["supervisor"].queryset = enrollment.cohort.instructors.order_by(
            "full_legal_name"
        )
        self.fields["supervisor"].label_from_instance = lambda user: user.full_legal_name
        self.fields["duration_minutes"].widget.attrs.update(min=5, max=480)
        self.fields["performed_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.areas = list(TreatmentArea.objects.filter(program_id=enrollment.program_id))
        current = {}
        if self.instance.pk:
            current = {a.area_id: a.units for a in self.instance.areas.all()}
        else:
            # Copied from an earlier session (see initial_from).
            current = {
                area.pk: self.initial[self.area_field(area)]
                for area in self.areas
                if self.area_field(area) in self.initial
            }
        for area in self.areas:
            self.fields[self.area_field(area)] = forms.DecimalField(
                label=f"{area.name} (units)",
                required=False,
                min_value=UNITS_PER_AREA[0],
                max_value=UNITS_PER_AREA[1],
                decimal_places=1,
                initial=current.get(area.pk),
            )

    @staticmethod
    def area_field(area) -> str:
        return f"area_{area.pk}"

    def area_fields(self):
        return [self[self.area_field(area)] for area in self.areas]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        entry = self.entry()
        for name, message in session_entry_errors(self.enrollment, entry).items():
            if name == "areas":
                self.add_error(None, message)
            else:
                self.add_error(name, message)
        return data

    def entry(self) -> SessionEntry:
        data = self.cleaned_data
        areas = {}
        for area in self.areas:
            units = data.get(self.area_field(area))
            if units is not None:
                areas[area] = Decimal(units)
        return SessionEntry(
            **{name: data.get(name) for name in SessionEntry.FIELDS if name != "complications"},
            complications=list(data.get("complications") or []),
            areas=areas,
        )


# What "start from my last session" copies: the set-up a trainee repeats from one session to
# the next. Never the date nor what belongs to the model treated (age band, sex, skin type,
# outcome, complications, reflection): those are the session's own record.
COPIED_FROM_LAST = (
    "supervisor",
    "duration_minutes",
    "goal",
    "trainee_role",
    "product",
    "lot_number",
)


def initial_from(session: HandsOnSession, form_class=None) -> dict:
    """The log form's initial values copied from `session` (its treatment areas included)."""
    initial = {name: getattr(session, name) for name in COPIED_FROM_LAST}
    initial["supervisor"] = session.supervisor_id
    for area in session.areas.all():
        initial[SessionForm.area_field(area.area)] = area.units
    return initial


class StartFromForm(forms.Form):
    """`?from=last` on the log form: pre-fill it from the trainee's last session."""

    start_from = forms.ChoiceField(choices=[("last", "my last session")], required=False)


class NextStepForm(forms.Form):
    """Which button saved the log form: submit alone, or submit and open a new one."""

    then = forms.ChoiceField(choices=[("done", "done"), ("another", "log another")], required=False)


class FollowUpForm(forms.Form):
    noted_on = forms.DateField(label="Date", widget=DateInput())
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


RATINGS = [(n, str(n)) for n in RATING_SCALE]


class VerifySessionForm(forms.Form):
    technique = forms.TypedChoiceField(
        label="Injection technique", choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    communication = forms.TypedChoiceField(
        label="Patient communication", choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    judgement = forms.TypedChoiceField(
        label="Aesthetic judgement", choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReturnSessionForm(forms.Form):
    reason = forms.CharField(
        label="What should the trainee correct?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
