"""Celery tasks of the exams app: thin, take ids, call services."""
