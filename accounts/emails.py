"""Outgoing e-mail: plain-text templates rendered without HTML escaping, and the outbox.

`queue_email` writes an OutgoingEmail row in the caller's transaction; `accounts.tasks` sends it
after commit, and the periodic sweep sends what the broker never delivered. Nothing is sent
from inside a transaction and nothing is sent twice (see `send_outgoing_email`).
"""

import logging
from functools import cache

from django.conf import settings
from django.template import Engine

from .outbox import OutgoingEmail
from .tasking import BROKER_ERRORS  # noqa: F401 (re-exported: other modules import it here)

log = logging.getLogger(__name__)


@cache
def _text_engine() -> Engine:
    # The project's engine autoescapes (it renders HTML pages): a name like "O'Brien <Jr>" would
    # reach the applicant as "O&#x27;Brien &lt;Jr&gt;". Plain-text mail is not HTML.
    html = settings.TEMPLATES[0]
    return Engine(
        dirs=[str(path) for path in html["DIRS"]],
        app_dirs=html.get("APP_DIRS", False),
        autoescape=False,
    )


def render_email(template: str, context: dict) -> tuple[str, str]:
    """Subject (first line) and body of templates/emails/<template>.txt, not HTML-escaped."""
    text = _text_engine().render_to_string(f"emails/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def queue_email(*, to: str, subject: str, body: str, attachments=()) -> OutgoingEmail:
    """Put a message in the outbox, in the caller's transaction; it is handed to a worker once
    that transaction commits (a rolled-back change sends nothing). `attachments` are
    (filename, text, mimetype) tuples."""
    from .tasks import send_outgoing_email

    email = OutgoingEmail.objects.create(
        to=to,
        subject=subject,
        body=body,
        attachments=[[name, text, mimetype] for name, text, mimetype in attachments],
    )
    # With the broker down the row is safe: the periodic sweep (beat) sends it when it is back.
    send_outgoing_email.delay_on_commit(email.pk)
    return email
