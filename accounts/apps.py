from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and qualifications"

    def ready(self):
        from . import signals

        signals.connect()
