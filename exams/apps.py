from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "exams"

    def ready(self):
        from .conflicts import connect

        # Flag examiners who come to teach their candidates (see exams/conflicts.py for why).
        connect()
