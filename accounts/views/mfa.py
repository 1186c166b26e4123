"""An admin resets another staff member's two-factor sign-in (a lost phone or key)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from ..access import role_required
from ..errors import refusal_shown
from ..mfa import has_second_factor, reset_second_factor, second_factors_of
from ..models import User
from ..roles import Role


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: lost phone, confirmed by a video call. Kept in the audit trail.",
    )


@role_required(Role.PROGRAM_ADMIN)
def second_factor(request, pk: int):
    member = get_object_or_404(User, pk=pk)
    form = SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request) as refused:
            removed = reset_second_factor(
                member=member, actor=request.user, reason=form.cleaned_data["reason"]
            )
        if not refused:
            if removed:
                messages.success(
                    request,
                    f"The two-factor sign-in of {member.email} was reset: they set up a new "
                    "factor at their next sign-in.",
                )
            else:
                messages.info(request, "Nothing to reset: they have no second factor.")
            return redirect("accounts:second_factor", pk=member.pk)
    return render(
        request,
        "accounts/second_factor.html",
        {
            "member": member,
            "form": form,
            "factors": second_factors_of(member),
            "has_second_factor": has_second_factor(member),
            "is_self": member.pk == request.user.pk,
        },
    )
