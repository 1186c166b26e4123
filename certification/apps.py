from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = "Certification pathway"

    def ready(self):
        from accounts import events

        from .services import issue_if_earned

        # The step-completing services of the lower apps call this inside their transaction.
        events.on_step_completed(issue_if_earned)
