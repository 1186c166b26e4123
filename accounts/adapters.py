from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from . import services


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.full_legal_name = form.cleaned_data["full_legal_name"]
        user.family_name = form.cleaned_data["family_name"]
        if not commit:
            return super().save_user(request, user, form, commit=False)
        # The account and its applicant role are created together or not at all.
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=True)
            services.register_applicant(user=user)
        return user
