from django import forms

from programs.models import TrainingProgram

from . import targets
from .models import Partner, PartnerKey, WebhookEndpoint


class KeyForm(forms.Form):
    partner = forms.CharField(
        max_length=120, label="Partner organization", help_text="A new name adds the partner."
    )
    label = forms.CharField(max_length=120, required=False, help_text="What the key is for.")
    scope = forms.ChoiceField(choices=PartnerKey.Scope.choices)
    program = forms.ModelChoiceField(
        TrainingProgram.objects.order_by("name"),
        required=False,
        help_text="For a program key only: the program whose certified holders it may list.",
    )

    def clean(self):
        data = super().clean()
        scope, program = data.get("scope"), data.get("program")
        if scope == PartnerKey.Scope.PROGRAM and program is None:
            self.add_error("program", "A program key names its program.")
        if scope and scope != PartnerKey.Scope.PROGRAM:
            data["program"] = None
        return data


class EndpointForm(forms.Form):
    url = forms.URLField(
        max_length=500,
        label="Endpoint URL",
        assume_scheme="https",
        help_text="A public https address (http in the embedded mode); redirects are not followed.",
    )
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(
        choices=WebhookEndpoint.Event.choices, widget=forms.CheckboxSelectMultiple
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            targets.check_url(url)  # checked again at every delivery: DNS answers change
        except targets.TargetRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return url


class EnableForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("1", "enable"), ("0", "disable")], coerce=int)


class PartnerChoiceForm(forms.Form):
    partner = forms.ModelChoiceField(Partner.objects.all())
