"""Forms of recertification by evidence: CE items, practice entries, proofs, decisions."""

from pathlib import Path

from django import forms

from accounts.forms import DateInput
from accounts.validators import check_document

from .models_renewal import CEItem, PracticeEntry


class _ProofMixin:
    """A proof file checked by its content (PDF, PNG or JPEG), as every applicant upload."""

    proof_type = ""

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        if upload:
            self.proof_type = check_document(upload)
            upload.name = Path(upload.name).name[:200]
        return upload


class CEItemForm(_ProofMixin, forms.ModelForm):
    hours = forms.DecimalField(min_value=0.5, max_value=200, max_digits=5, decimal_places=1)
    proof = forms.FileField(
        label="Certificate of completion (optional now; PDF, PNG or JPEG)",
        required=False,
        help_text="Needed for every item if your renewal is picked for a CE audit.",
    )

    class Meta:
        model = CEItem
        fields = ("provider", "title", "category", "completed_on", "hours")
        widgets = {"completed_on": DateInput}


class PracticeEntryForm(forms.ModelForm):
    units = forms.DecimalField(min_value=0.5, max_value=999, max_digits=5, decimal_places=1)

    class Meta:
        model = PracticeEntry
        fields = ("performed_on", "area", "units", "supervisor_name")
        widgets = {"performed_on": DateInput}


class ProofForm(_ProofMixin, forms.Form):
    proof = forms.FileField(label="Certificate of completion (PDF, PNG or JPEG)")


class DecisionReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the holder is e-mailed it)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
