from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and qualifications"

    def ready(self):
        from . import signals

        signals.connect()

        from django.db.models.signals import post_delete, post_save

        from . import review_queue_cache
        from .models import Jurisdiction, MedicalLicense, SupportingCredential
        from .selectors import forget_jurisdiction_choices

        # The review queue's filter offers the jurisdictions from the cache: keep it current.
        for signal in (post_save, post_delete):
            signal.connect(forget_jurisdiction_choices, sender=Jurisdiction, dispatch_uid=signal)
        # The review queue keeps its order while none of its rows changes (registered kinds are
        # watched as they register: review_sources.register).
        review_queue_cache.watch(MedicalLicense)
        review_queue_cache.watch(SupportingCredential)
