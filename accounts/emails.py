from django.db import transaction
from django.template.loader import render_to_string


def render_email(template: str, context: dict) -> tuple[str, str]:
    """Subject (first line) and body of templates/emails/<template>.txt."""
    text = render_to_string(f"emails/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def queue_email(*, to: str, subject: str, body: str, attachments=()) -> None:
    """Send one e-mail once the current transaction commits (a rolled-back change sends
    nothing). `attachments` are (filename, text, mimetype) tuples."""
    from .tasks import send_email

    attachments = [list(item) for item in attachments]  # JSON-serialisable for the broker
    transaction.on_commit(
        lambda: send_email.delay(to=to, subject=subject, body=body, attachments=attachments)
    )
