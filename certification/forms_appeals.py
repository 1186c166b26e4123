from django import forms

from accounts.validators import check_document
from programs.models import TrainingProgram

from .models import Appeal


class AppealForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=8000,
        help_text="Why the decision should change; an admin who did not make it reads this.",
    )
    document = forms.FileField(
        required=False,
        help_text="Optional: evidence for your appeal (PDF, PNG or JPEG, up to 10 MB).",
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            self.document_content_type = check_document(upload)
        return upload


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Both the appellant and the admin who made the decision read them.",
    )

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, Appeal.Status(o).label) for o in outcomes]


class AppealWindowForm(forms.Form):
    program = forms.ModelChoiceField(queryset=TrainingProgram.objects.order_by("name"))
    days = forms.IntegerField(
        label="Appeal window (days)",
        min_value=1,
        max_value=365,
        help_text="Days after a failed result or a revocation in which an appeal may be filed.",
    )
