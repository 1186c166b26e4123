"""The periodic jobs, run by `celery beat` in the services mode (`make beat`, scripts/serve.sh);
in the embedded mode their management commands run them by hand. Times are UTC
(CELERY_TIMEZONE); the nightly jobs are spread so that each finds the one before it done."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "expire-licenses-and-remind": {
        "task": "accounts.tasks.expire_licenses_and_send_reminders",
        "schedule": crontab(hour=2, minute=15),
    },
    # Verified licenses near their expiry go back to the review queue (accounts/discipline.py).
    "queue-licenses-for-reverification": {
        "task": "accounts.tasks.queue_licenses_for_reverification",
        "schedule": crontab(hour=2, minute=30),
    },
    # Written exam attempts past their deadline (the per-attempt task may have been lost).
    "submit-overdue-written-attempts": {
        "task": "exams.tasks.submit_overdue_written_attempts",
        "schedule": 60.0,
    },
    # E-mails the after-commit task never sent (broker down at commit) and SMTP retries due.
    "send-due-emails": {
        "task": "accounts.tasks.send_due_emails",
        "schedule": 60.0,
    },
    # Certificates left pending (broker down at commit, worker died mid-render) are re-queued.
    "sweep-pending-certificates": {
        "task": "certification.tasks.sweep_pending_certificates",
        "schedule": 300.0,
    },
    # Applicants' document files no row refers to (left by a crash), older than a day.
    "purge-orphan-documents": {
        "task": "accounts.tasks.purge_orphan_documents",
        "schedule": crontab(hour=4, minute=0),
    },
    "remind-certificate-expiry": {
        "task": "certification.tasks.send_certificate_expiry_reminders",
        "schedule": crontab(hour=2, minute=45),
    },
    # Documents of applicants inactive for DOCUMENT_RETENTION_YEARS (accounts/retention.py).
    "remove-documents-of-inactive-applicants": {
        "task": "accounts.tasks.remove_documents_of_inactive_applicants",
        "schedule": crontab(hour=4, minute=0),
    },
    # API calls and finished webhook deliveries past their retention (api/retention.py).
    "purge-partner-logs": {
        "task": "api.tasks.purge_partner_logs",
        "schedule": crontab(hour=4, minute=20),
    },
    # Report exports never delivered to a worker, or whose worker stopped mid-write.
    "sweep-stalled-report-exports": {
        "task": "certification.reports.tasks.sweep_stalled_report_exports",
        "schedule": 300.0,
    },
    # Report export files older than REPORT_EXPORT_RETENTION_DAYS (certification/reports/).
    "delete-old-report-exports": {
        "task": "certification.reports.tasks.delete_old_report_exports",
        "schedule": crontab(hour=4, minute=10),
    },
    # After the license expiry job, so that the admins' pipeline shows the morning's state.
    "refresh-pathway-steps": {
        "task": "certification.tasks.refresh_pathway_steps",
        "schedule": crontab(hour=3, minute=15),
    },
    # Webhook deliveries due: never queued (broker down at commit), or a retry's time come.
    "send-due-webhooks": {
        "task": "api.tasks.send_due_webhooks",
        "schedule": 30.0,
    },
}
