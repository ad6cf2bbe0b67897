"""The webhook pages under the organization's settings: for its admins only."""

from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from accord.webhooks import services
from accord.webhooks.models import DeliveryStatus, WebhookEndpoint
from accord.webhooks.tests.base import WebhookTestCase
from tests.base import QueryCountTestCase, run_queued_jobs
from tests.memos.models import Memo

SCRIPT = "<script>alert('nasty')</script>"


class WebhookPageTests(WebhookTestCase):
    def url(self, name: str, endpoint: bool = True) -> str:
        args = ["alpha", self.endpoint.pk] if endpoint else ["alpha"]
        return reverse(name, args=args)

    def test_the_organization_page_links_admins_to_webhooks(self):
        self.client.force_login(self.amy)
        self.assertContains(self.client.get(reverse("accord-org", args=["alpha"])), "Webhooks")
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(reverse("accord-org", args=["alpha"])), "/webhooks/")

    def test_an_admin_adds_a_webhook_and_sees_its_secret(self):
        self.client.force_login(self.amy)
        response = self.client.post(
            self.url("accord-webhook-new", False),
            {"url": "https://hooks.example.com/new", "description": SCRIPT},
            follow=True,
        )
        endpoint = WebhookEndpoint.objects.get(url="https://hooks.example.com/new")
        self.assertContains(response, endpoint.secret)
        self.assertContains(response, escape(SCRIPT))
        self.assertNotContains(response, SCRIPT)
        listing = self.client.get(self.url("accord-webhooks", False))
        self.assertContains(listing, "https://hooks.example.com/new")

    @override_settings(ACCORD_WEBHOOK_ALLOW_PRIVATE=False)
    def test_a_bad_url_is_a_form_error(self):
        self.client.force_login(self.amy)
        for url in ("not a url", "https://192.168.0.1/x"):
            with self.subTest(url=url):
                response = self.client.post(self.url("accord-webhook-new", False), {"url": url})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "field-error", status_code=400)
        self.assertEqual(WebhookEndpoint.objects.count(), 1)

    def test_edit_pause_and_a_stale_edit(self):
        self.client.force_login(self.amy)
        edit = self.url("accord-webhook-edit")
        response = self.client.post(
            edit, {"url": self.endpoint.url, "description": "Paused", "version": 1}
        )
        self.assertRedirects(response, self.url("accord-webhook"))
        self.endpoint.refresh_from_db()
        self.assertEqual((self.endpoint.active, self.endpoint.version), (False, 2))
        stale = self.client.post(
            edit, {"url": self.endpoint.url, "description": "Old", "active": "on", "version": 1}
        )
        self.assertContains(stale, "Someone else changed", status_code=400)
        self.endpoint.refresh_from_db()
        self.assertEqual(self.endpoint.description, "Paused")

    def test_rotate_test_and_delete_buttons(self):
        self.client.force_login(self.amy)
        old = self.endpoint.secret
        self.client.post(self.url("accord-webhook-secret"))
        self.endpoint.refresh_from_db()
        self.assertNotEqual(self.endpoint.secret, old)
        self.client.post(self.url("accord-webhook-test"))
        run_queued_jobs()
        page = self.client.get(self.url("accord-webhook"))
        self.assertContains(page, "webhook.test")
        self.assertContains(page, "Delivered")
        self.assertEqual(self.receiver.received[0][1].count(b"webhook.test"), 1)
        response = self.client.post(self.url("accord-webhook-delete"))
        self.assertRedirects(response, self.url("accord-webhooks", False))
        self.assertFalse(WebhookEndpoint.objects.exists())

    def test_members_are_refused_and_outsiders_see_nothing(self):
        for user, status in ((self.alice, 403), (self.vic, 403), (self.bob, 404), (self.olga, 404)):
            self.client.force_login(user)
            for name, endpoint in (
                ("accord-webhooks", False),
                ("accord-webhook-new", False),
                ("accord-webhook", True),
                ("accord-webhook-edit", True),
            ):
                with self.subTest(user=user.email, page=name):
                    self.assertEqual(self.client.get(self.url(name, endpoint)).status_code, status)
            for name in ("accord-webhook-delete", "accord-webhook-secret", "accord-webhook-test"):
                with self.subTest(user=user.email, action=name):
                    self.assertEqual(self.client.post(self.url(name)).status_code, status)
        self.assertTrue(WebhookEndpoint.objects.filter(secret=self.endpoint.secret).exists())


class WebhookQueryCountTests(QueryCountTestCase, WebhookTestCase):
    GROW = (1, 8)

    def grow(self, n: int) -> None:
        """n more endpoints, and n more events delivered to each endpoint."""
        for i in range(n):
            services.endpoint_create(
                organization=self.alpha, actor=self.amy, url=f"{self.receiver.url}?n={i}"
            )
        for i in range(n):
            self.record(Memo, text=f"Memo {i}")
        services.webhook_events_fan_out()
        services.webhook_deliveries_send()
        self.assertTrue(self.endpoint.deliveries.filter(status=DeliveryStatus.DELIVERED).exists())

    def test_webhook_list_page(self):
        # session, user, roles, organization, endpoints
        self.assertConstant(reverse("accord-webhooks", args=["alpha"]), self.amy, 5)

    def test_webhook_page_with_its_log(self):
        # session, user, roles, organization, endpoint, deliveries
        url = reverse("accord-webhook", args=["alpha", self.endpoint.pk])
        self.assertConstant(url, self.amy, 6)

    def test_api_lists(self):
        # token, its last use (savepoint, update, release), roles, organization, endpoints
        self.assertConstant("/api/v1/organizations/alpha/webhooks", self.amy, 7, api=True)

    def test_api_delivery_log(self):
        # the same, the endpoint, then its deliveries
        url = f"/api/v1/organizations/alpha/webhooks/{self.endpoint.pk}/deliveries"
        self.assertConstant(url, self.amy, 8, api=True)
