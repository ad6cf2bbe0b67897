"""The demo's webhook: Northwind's CRM, at an address that never resolves, hears the changes
made after the demo loaded, and its failed attempts are logged and retried."""

import socket
from unittest import mock

from django.test import TestCase

from accord.core.models import Partnership
from accord.core.services import partnership_change
from accord.demo import build_demo
from accord.webhooks import services
from accord.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()

    def test_northwind_has_a_webhook_that_hears_later_changes_only(self):
        endpoint = WebhookEndpoint.objects.get(organization__slug="northwind")
        self.assertTrue(endpoint.active)
        self.assertEqual(services.webhook_events_fan_out(), 0)
        solar = (
            Partnership.objects.filter(parties__organization__slug="northwind")
            .exclude(stage="ended")
            .first()
        )
        assert solar is not None
        partnership_change(
            partnership=solar,
            actor=endpoint.created_by,
            expected_version=solar.version,
            changes={"scope": "Wider scope"},
        )
        self.assertEqual(services.webhook_events_fan_out(), 1)
        gaierror = socket.gaierror(-2, "Name or service not known")
        with mock.patch("accord.webhooks.transport.socket.getaddrinfo", side_effect=gaierror):
            services.webhook_deliveries_send()
        delivery = WebhookDelivery.objects.get()
        self.assertEqual((delivery.status, delivery.attempts), (DeliveryStatus.PENDING, 1))
        self.assertIsNotNone(delivery.next_attempt_at)
