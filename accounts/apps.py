from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and qualifications"

    def ready(self):
        from . import signals

        signals.connect()

        from django.db.models.signals import post_delete, post_save

        from .models import Jurisdiction
        from .selectors import forget_jurisdiction_choices

        # The review queue's filter offers the jurisdictions from the cache: keep it current.
        for signal in (post_save, post_delete):
            signal.connect(forget_jurisdiction_choices, sender=Jurisdiction, dispatch_uid=signal)
