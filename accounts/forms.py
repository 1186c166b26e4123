from pathlib import Path

from django import forms
from django.utils import timezone

from . import selectors
from .models import (
    ApplicantProfile,
    CertificationType,
    JurisdictionRule,
    LicenseType,
    MedicalLicense,
    SupportingCredential,
)
from .names import name_key
from .parsing import ModelMultipleIdField
from .roles import Role
from .services import PROFILE_FIELDS
from .validators import check_document, validate_npi


def normalize_legal_name(value: str) -> str:
    name = " ".join(value.split())
    if len(name) < 3 or " " not in name:
        raise forms.ValidationError("Enter your full legal name: given name and surname.")
    return name


def family_name_field() -> forms.CharField:
    return forms.CharField(
        label="Family name",
        max_length=100,
        help_text="Your surname as it appears in your legal name (e.g. Smith for John Smith Jr.); "
        "anyone checking your certificate enters it.",
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )


def check_family_name(form: forms.Form) -> None:
    """The family name is one or more whole words of the legal name (accents and case aside)."""
    legal, family = form.cleaned_data.get("full_legal_name"), form.cleaned_data.get("family_name")
    if not legal or family is None:
        return
    family = " ".join(family.split())
    form.cleaned_data["family_name"] = family
    if not family:
        form.add_error("family_name", "Enter your family name.")
    elif f" {name_key(family)} " not in f" {name_key(legal)} ":
        form.add_error("family_name", "Your family name must be part of your full legal name.")


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_legal_name = forms.CharField(
        label="Full legal name",
        max_length=200,
        help_text="Exactly as it must appear on your certificate, e.g. as on your license.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    family_name = family_name_field()
    field_order = ["full_legal_name", "family_name", "email", "password1", "password2"]

    def clean_full_legal_name(self):
        return normalize_legal_name(self.cleaned_data["full_legal_name"])

    def clean(self):
        data = super().clean()
        check_family_name(self)
        return data

    def signup(self, request, user):
        """allauth calls this after saving; the adapter has already stored everything."""


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    action = forms.ChoiceField(choices=[("grant", "Grant"), ("revoke", "Revoke")])


class DocumentFormMixin:
    """Checks the uploaded document by content and size; keeps its real type and display name."""

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.document_content_type = check_document(upload)
            self.document_name = Path(upload.name).name[:200]
        return upload

    def _apply_document(self, instance):
        if getattr(self, "document_content_type", None):
            instance.document_content_type = self.document_content_type
            instance.document_name = self.document_name
        return instance


class DateInput(forms.DateInput):
    input_type = "date"


class ProfileForm(forms.ModelForm):
    full_legal_name = forms.CharField(
        label="Full legal name",
        max_length=200,
        help_text="Exactly as it must appear on your certificate.",
    )
    family_name = family_name_field()

    class Meta:
        model = ApplicantProfile
        fields = ["full_legal_name", "family_name", *PROFILE_FIELDS]

    def clean_full_legal_name(self):
        return normalize_legal_name(self.cleaned_data["full_legal_name"])

    def clean(self):
        data = super().clean()
        if (
            data.get("specialty_background") == ApplicantProfile.Specialty.OTHER
            and not data.get("specialty_other", "").strip()
        ):
            self.add_error("specialty_other", "Name your specialty.")
        check_family_name(self)
        return data


class MedicalLicenseForm(DocumentFormMixin, forms.ModelForm):
    # Longer than the stored 10 digits: people type NPIs with spaces or dashes.
    npi = forms.CharField(
        label="NPI number",
        required=False,
        max_length=20,
        help_text="Optional. 10 digits, US National Provider Identifier.",
    )

    class Meta:
        model = MedicalLicense
        fields = [
            "license_type",
            "number",
            "jurisdiction",
            "issued_on",
            "expires_on",
            "npi",
            "supervising_physician",
            "document",
        ]
        # A plain file input: the "currently" link of the clearable one would point at the
        # private storage, which has no public address (a 404); the document view serves it.
        widgets = {
            "issued_on": DateInput(),
            "expires_on": DateInput(),
            "document": forms.FileInput(),
        }
        help_texts = {
            "document": "A scan of the license: PDF, PNG or JPEG, at most 10 MB.",
        }

    def __init__(self, *args, applicant, **kwargs):
        self.applicant = applicant
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["document"].required = False
            self.fields["document"].help_text = "Leave empty to keep the document already sent."

    def clean_npi(self):
        npi = self.cleaned_data["npi"].replace(" ", "").replace("-", "")
        if npi:
            validate_npi(npi)
        return npi

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        today = timezone.localdate()
        if issued and issued > today:
            self.add_error("issued_on", "The issue date cannot be in the future.")
        if issued and expires and expires <= issued:
            self.add_error("expires_on", "The expiry date must be after the issue date.")
        elif expires and expires < today:
            self.add_error(
                "expires_on", "This license has expired; submit your current, renewed license."
            )
        jurisdiction, number = data.get("jurisdiction"), data.get("number")
        if jurisdiction and number:
            holder = selectors.license_number_holder(
                jurisdiction=jurisdiction, number=number, other_than=self.applicant
            )
            if holder is not None:
                self.add_error(
                    "number",
                    f"This license number is already registered in {jurisdiction} by another "
                    "applicant. If it is yours, contact the program office.",
                )
        is_rn = data.get("license_type") == LicenseType.REGISTERED_NURSE
        if is_rn and jurisdiction and not data.get("supervising_physician", "").strip():
            rule = selectors.current_rule(jurisdiction)
            if rule and rule.rn_requires_supervising_physician:
                self.add_error(
                    "supervising_physician",
                    f"{jurisdiction} requires registered nurses to name their supervising "
                    "physician.",
                )
        return data

    def save(self, commit=True):
        return self._apply_document(super().save(commit=commit))


class SupportingCredentialForm(DocumentFormMixin, forms.ModelForm):
    class Meta:
        model = SupportingCredential
        fields = [
            "kind",
            "certification_type",
            "title",
            "provider",
            "credit_hours",
            "completed_on",
            "expires_on",
            "document",
        ]
        widgets = {
            "completed_on": DateInput(),
            "expires_on": DateInput(),
            "document": forms.FileInput(),
        }
        labels = {"certification_type": "Certification"}
        help_texts = {
            "credit_hours": "Continuing education only: the credit hours on the certificate.",
            "certification_type": "Certifications only, e.g. BLS.",
            "document": "The certificate: PDF, PNG or JPEG, at most 10 MB.",
        }

    def __init__(self, *args, applicant, **kwargs):
        self.applicant = applicant
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["document"].required = False
            self.fields["document"].help_text = "Leave empty to keep the document already sent."

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        today = timezone.localdate()
        if kind == SupportingCredential.Kind.CONTINUING_EDUCATION:
            hours = data.get("credit_hours")
            if hours is None:
                self.add_error("credit_hours", "Enter the credit hours of this CE certificate.")
            elif not (0 < hours <= 200):
                self.add_error("credit_hours", "Credit hours must be more than 0 and at most 200.")
            data["certification_type"] = None
        elif kind == SupportingCredential.Kind.CERTIFICATION:
            if not data.get("certification_type"):
                self.add_error("certification_type", "Choose which certification this is.")
            data["credit_hours"] = None
        completed, expires = data.get("completed_on"), data.get("expires_on")
        if completed and completed > today:
            self.add_error("completed_on", "The date cannot be in the future.")
        if completed and expires and expires <= completed:
            self.add_error("expires_on", "The expiry date must be after the completion date.")
        elif expires and expires < today:
            self.add_error("expires_on", "This credential has expired; submit a current one.")
        return data

    def save(self, commit=True):
        return self._apply_document(super().save(commit=commit))


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The applicant sees this reason and corrects the item.",
    )


class JurisdictionRuleForm(forms.ModelForm):
    accepted_license_types = forms.MultipleChoiceField(
        choices=LicenseType.choices, widget=forms.CheckboxSelectMultiple
    )
    required_certifications = ModelMultipleIdField(
        queryset=CertificationType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JurisdictionRule
        fields = [
            "accepted_license_types",
            "rn_requires_supervising_physician",
            "ce_hours_required",
            "ce_window_months",
            "required_certifications",
            "change_note",
        ]
        labels = {"change_note": "Why the change"}

    def clean_ce_hours_required(self):
        hours = self.cleaned_data["ce_hours_required"]
        if hours < 0 or hours > 500:
            raise forms.ValidationError("Enter between 0 and 500 hours.")
        return hours

    def clean_ce_window_months(self):
        months = self.cleaned_data["ce_window_months"]
        if not 1 <= months <= 120:
            raise forms.ValidationError("Enter a window between 1 and 120 months.")
        return months
