import json
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from api.demo import DEMO_RECEIVER_PORT, DEMO_WEBHOOK_URL
from api.models import WebhookEndpoint
from api.webhooks import verify_signature


class Command(BaseCommand):
    help = (
        "The demo's webhook receiver: listens on 127.0.0.1 and prints each event with whether "
        "its Standard Webhooks signature verifies with the demo endpoint's secret. Demo only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=DEMO_RECEIVER_PORT)

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("receive_webhooks is the demo's receiver; it runs with DEBUG on.")
        endpoint = WebhookEndpoint.objects.filter(url=DEMO_WEBHOOK_URL).first()
        if endpoint is None:
            raise CommandError("No demo endpoint: run `python manage.py seed_demo` first.")
        out, secret = self.stdout, endpoint.secret

        class Receiver(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                ok = verify_signature(secret, self.headers, body)
                try:
                    event = json.loads(body)
                    data = event.get("data", {})
                    what = f"{event.get('type')} {data.get('number')}: {data.get('status')}"
                except (ValueError, AttributeError):
                    what = "(not JSON)"
                out.write(f"{what}  signature {'verifies' if ok else 'DOES NOT verify'}")
                self.send_response(204 if ok else 400)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = HTTPServer(("127.0.0.1", options["port"]), Receiver)
        out.write(f"Listening on http://127.0.0.1:{options['port']}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
