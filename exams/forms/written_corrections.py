"""The form of a correction of a flawed written item (void it, or correct its key)."""

from django import forms

from ..models.written import ItemCorrection, QuestionVersion


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Correction", choices=ItemCorrection.Kind.choices, widget=forms.RadioSelect
    )
    correct = forms.MultipleChoiceField(
        label="Corrected key",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for a corrected key: the option (or options) that are right.",
    )
    reason = forms.CharField(
        label="Why the question is flawed",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with every regraded attempt.",
    )

    def __init__(self, *args, version: QuestionVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correct"].choices = [
            (option["key"], f"{option['key']}. {option['text']}") for option in version.options
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ItemCorrection.Kind.REKEY and not data.get("correct"):
            self.add_error("correct", "Tick the option (or options) that are right.")
        return data
