from . import practical, written  # noqa: F401 (registers both parts with the admin site)
