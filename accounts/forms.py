from django import forms

from .roles import Role


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_legal_name = forms.CharField(
        label="Full legal name",
        max_length=200,
        help_text="Exactly as it must appear on your certificate, e.g. as on your license.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_legal_name", "email", "password1", "password2"]

    def clean_full_legal_name(self):
        name = " ".join(self.cleaned_data["full_legal_name"].split())
        if len(name) < 3 or " " not in name:
            raise forms.ValidationError("Enter your full legal name: given name and surname.")
        return name

    def signup(self, request, user):
        """allauth calls this after saving; the adapter has already stored everything."""


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    action = forms.ChoiceField(choices=[("grant", "Grant"), ("revoke", "Revoke")])


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
