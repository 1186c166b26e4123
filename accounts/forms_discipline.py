"""Forms of license discipline and the monitoring import (accounts/discipline.py, monitoring.py)."""

from django import forms
from django.utils import timezone

from .validators import check_document

# A disciplinary action carries an uploaded document, which ask_first's confirmation page cannot
# carry over (a file is not a hidden field); so this form asks first itself, with a required box.


class LicenseActionForm(forms.Form):
    ACTIONS = [
        ("suspend", "Suspend the license"),
        ("revoke", "Revoke the license"),
        ("lift", "Lift the suspension"),
    ]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="What the board decided and why; the holder reads it.",
    )
    source = forms.CharField(
        max_length=200, help_text="The board's order, bulletin or letter, with its reference."
    )
    action_date = forms.DateField(
        label="Date of the board's action", widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.FileField(
        required=False, help_text="Optional: the board's order (PDF, PNG or JPEG, up to 10 MB)."
    )
    confirmed = forms.BooleanField(
        label="I have checked this against the board's record",
        help_text="The action takes effect at once: the holder is e-mailed.",
    )

    def clean_action_date(self):
        value = self.cleaned_data["action_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date of the board's action cannot be in the future.")
        return value

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            self.document_content_type = check_document(upload)
        return upload


class MonitoringUploadForm(forms.Form):
    source = forms.CharField(
        max_length=200, help_text="Which board published the file, and its date or reference."
    )
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: license_number, jurisdiction, status, action_date (up to 2 MB).",
    )


class MatchDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("apply", "Apply"), ("dismiss", "Dismiss")])
    note = forms.CharField(required=False, max_length=2000)


class ReverifyForm(forms.Form):
    note = forms.CharField(required=False, max_length=500)
