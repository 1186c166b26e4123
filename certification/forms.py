import hashlib

from django import forms

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class VerifyUploadForm(forms.Form):
    """A PDF someone holds, to compare with the issued file by its SHA-256."""

    pdf = forms.FileField(
        label="Certificate PDF", widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB; no certificate is.")
        upload.seek(0)
        if upload.read(5) != b"%PDF-":
            raise forms.ValidationError("This is not a PDF file.")
        upload.seek(0)
        return upload

    def sha256(self) -> str:
        """The uploaded file's SHA-256, read in chunks (an upload may sit in a temporary file)."""
        digest = hashlib.sha256()
        for chunk in self.cleaned_data["pdf"].chunks():
            digest.update(chunk)
        return digest.hexdigest()


class LookupForm(forms.Form):
    number = forms.CharField(
        label="Certificate number", max_length=32, help_text="For example BTX-2026-000123."
    )
    surname = forms.CharField(
        label="Holder's family name",
        max_length=100,
        help_text="As the holder gave it, e.g. Smith for John Smith Jr.; accents and case do not "
        "matter.",
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Recorded in the audit trail and e-mailed to the holder.",
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label="Reason for reinstating",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Recorded in the audit trail and e-mailed to the holder.",
    )


class KeepFlaggedForm(forms.Form):
    reason = forms.CharField(
        label="Reason for keeping it in force",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Recorded in the audit trail. To withdraw the certificate, revoke it instead.",
    )
