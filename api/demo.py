"""The partners' part of the demo (called at the end of seed_demo): a demo webhook endpoint
that the local receiver (`manage.py receive_webhooks`) listens for, and how to get a key.

No API key is seeded. A key is a secret shown once and stored only as its hash; seed_demo runs
at every `make run`, so it would either mint a new key on each run or print a fixed one, a
published credential valid on every database the demo seeded. `manage.py create_partner_key`
makes one when wanted, through the same audited service as the staff page, and prints it once.
"""

from accounts.models import User

from . import services
from .models import WebhookEndpoint

DEMO_PARTNER = "Demo Insurer"
DEMO_RECEIVER_PORT = 8765
DEMO_WEBHOOK_URL = f"http://127.0.0.1:{DEMO_RECEIVER_PORT}/webhooks"


def seed_partners() -> list[str]:
    """The demo endpoint (once), and the lines seed_demo prints about partners."""
    if not WebhookEndpoint.objects.filter(url=DEMO_WEBHOOK_URL).exists():
        services.create_endpoint(
            url=DEMO_WEBHOOK_URL,
            events=list(WebhookEndpoint.Event.values),
            description="Demo receiver: python manage.py receive_webhooks",
            actor=User.objects.get(email="admin@demo.test"),
        )
    return [
        "Partners (README, Partners): a demo API key, shown once:",
        f'  python manage.py create_partner_key --partner "{DEMO_PARTNER}" --by admin@demo.test',
        f"Webhooks of certificate changes go to {DEMO_WEBHOOK_URL}; to watch them arrive:",
        "  python manage.py receive_webhooks",
    ]
