from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Partner API and webhooks"

    def ready(self):
        from django.db.models.signals import post_save

        from accounts.models import AuditEntry

        from .outbox import on_audit_entry

        # Every certificate transition already writes its audit entry inside its own
        # transaction; the webhook outbox row is written beside it, so the certificate
        # services stay untouched and no transition can commit without its event.
        post_save.connect(on_audit_entry, sender=AuditEntry, dispatch_uid="api.webhook_outbox")
