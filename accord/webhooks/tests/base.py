"""A receiving server on 127.0.0.1 and the standing cast's webhook of Alpha."""

import http.server
import threading
from typing import ClassVar

from django.test import override_settings

from accord.webhooks import services
from accord.webhooks.models import WebhookEndpoint
from tests.base import AccordTestCase


class Receiver(http.server.ThreadingHTTPServer):
    """Records each POST (headers, body) and answers with `status`."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.status = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers.items()), body))
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(b"thanks " * 200)

    def log_message(self, *args: object) -> None:
        pass


@override_settings(ACCORD_WEBHOOK_ALLOW_HTTP=True, ACCORD_WEBHOOK_ALLOW_PRIVATE=True)
class WebhookTestCase(AccordTestCase):
    receiver: ClassVar[Receiver]
    endpoint: WebhookEndpoint

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.receiver = Receiver()
        threading.Thread(target=cls.receiver.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.receiver.server_close)
        cls.addClassCleanup(cls.receiver.shutdown)

    def setUp(self) -> None:
        self.receiver.received.clear()
        self.receiver.status = 200
        # After the standing cast's events: the endpoint hears those of the test only.
        with self.settings(ACCORD_WEBHOOK_ALLOW_HTTP=True, ACCORD_WEBHOOK_ALLOW_PRIVATE=True):
            self.endpoint = services.endpoint_create(
                organization=self.alpha,
                actor=self.amy,
                url=self.receiver.url,
                description="Alpha's CRM",
            )
