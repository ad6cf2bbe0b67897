"""The webhooks API: the organization's admins manage endpoints; its other members are refused
(403), outsiders see nothing (404); bad input answers 400 and changes nothing."""

from django.test import override_settings

from accord.audit.models import AuditEvent
from accord.webhooks.models import WebhookDelivery, WebhookEndpoint
from accord.webhooks.tests.base import WebhookTestCase
from tests.base import run_queued_jobs

BASE = "/organizations/alpha/webhooks"


class WebhookApiTests(WebhookTestCase):
    def one(self) -> str:
        return f"{BASE}/{self.endpoint.pk}"

    def test_an_admin_creates_and_reads_an_endpoint(self):
        response = self.api(
            "post", BASE, self.amy, {"url": "https://hooks.example.com/a", "description": "CRM"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertTrue(body["secret"].startswith("whsec_"))
        self.assertEqual((body["active"], body["version"]), (True, 1))
        listed = self.api_list(BASE, self.amy)
        self.assertEqual(
            [e["url"] for e in listed], [self.receiver.url, "https://hooks.example.com/a"]
        )
        event = AuditEvent.objects.filter(record_type="webhooks.WebhookEndpoint").last()
        self.assertEqual(event.action, "create")
        self.assertEqual(event.organization_id, self.alpha.pk)
        self.assertNotIn(body["secret"], str(event.changes))

    def test_members_and_outsiders_are_refused(self):
        for user, status in ((self.alice, 403), (self.vic, 403), (self.bea, 404), (self.olga, 404)):
            with self.subTest(user=user.email):
                self.assertEqual(self.api("get", BASE, user).status_code, status)
                self.assertEqual(self.api("get", self.one(), user).status_code, status)
                self.assertEqual(
                    self.api("post", BASE, user, {"url": "https://x.example.com"}).status_code,
                    status,
                )
                self.assertEqual(self.api("post", f"{self.one()}/test", user).status_code, status)
        self.assertEqual(WebhookEndpoint.objects.count(), 1)

    def test_another_organizations_endpoint_is_not_found(self):
        response = self.api(
            "post", "/organizations/beta/webhooks", self.bea, {"url": "https://b.example.com"}
        )
        beta_endpoint = response.json()["id"]
        self.assertEqual(self.api("get", f"{BASE}/{beta_endpoint}", self.amy).status_code, 404)
        self.assertEqual(self.api("delete", f"{BASE}/{beta_endpoint}", self.amy).status_code, 404)

    @override_settings(ACCORD_WEBHOOK_ALLOW_HTTP=False, ACCORD_WEBHOOK_ALLOW_PRIVATE=False)
    def test_bad_input_answers_400_and_changes_nothing(self):
        cases = {
            "not a url": "url",
            "ftp://files.example.com/x": "url",
            "http://hooks.example.com/plain": "url",
            "https://user:pw@hooks.example.com/": "url",
            "https://127.0.0.1/hooks": "url",
            "https://10.1.2.3/hooks": "url",
            "https://169.254.169.254/latest": "url",
            "https://[::1]/hooks": "url",
            "https://example.com/" + "a" * 2000: "url",
        }
        for url, field in cases.items():
            with self.subTest(url=url[:40]):
                response = self.api("post", BASE, self.amy, {"url": url})
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(response.json()["errors"][0]["field"], field)
        response = self.api(
            "post", BASE, self.amy, {"url": "https://ok.example.com", "description": "x" * 501}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "description")
        self.assertEqual(WebhookEndpoint.objects.count(), 1)

    def test_update_with_a_stale_version_answers_409(self):
        url = self.one()
        response = self.api("patch", url, self.amy, {"version": 1, "description": "Renamed"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["version"], 2)
        stale = self.api("patch", url, self.amy, {"version": 1, "description": "Again"})
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(stale.json()["current_version"], 2)
        bad = self.api("patch", url, self.amy, {"version": 2, "url": "nope"})
        self.assertEqual(bad.status_code, 400)
        self.endpoint.refresh_from_db()
        self.assertEqual((self.endpoint.description, self.endpoint.version), ("Renamed", 2))

    def test_rotate_test_deliveries_and_delete(self):
        old = self.endpoint.secret
        rotated = self.api("post", f"{self.one()}/secret", self.amy)
        self.assertEqual(rotated.status_code, 200)
        self.assertNotEqual(rotated.json()["secret"], old)
        tested = self.api("post", f"{self.one()}/test", self.amy)
        self.assertEqual(tested.status_code, 202, tested.content)
        self.assertEqual(tested.json()["status"], "pending")
        run_queued_jobs()
        log = self.api_list(f"{self.one()}/deliveries", self.amy)
        self.assertEqual(
            [(d["event_type"], d["status"], d["status_code"]) for d in log],
            [("webhook.test", "delivered", 200)],
        )
        self.assertEqual(len(self.api_list(f"{self.one()}/deliveries?status=failed", self.amy)), 0)
        self.assertEqual(self.api("delete", self.one(), self.amy).status_code, 204)
        self.assertFalse(WebhookEndpoint.objects.exists())
        self.assertFalse(WebhookDelivery.objects.exists())
        self.assertEqual(self.api("get", self.one(), self.amy).status_code, 404)

    def test_an_admin_re_enables_a_disabled_endpoint(self):
        WebhookEndpoint.objects.filter(pk=self.endpoint.pk).update(
            active=False, consecutive_failures=20, version=2
        )
        response = self.api("patch", self.one(), self.amy, {"version": 2, "active": True})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            (response.json()["active"], response.json()["consecutive_failures"]), (True, 0)
        )

    def test_nasty_text_is_stored_as_text_or_refused_cleanly(self):
        nasty = [
            "<script>alert('nasty')</script>",
            "%s %(name)s {} {{ p.name }} {% now 'Y' %}",
            "\u202etxet lanoitcerid\u200b 👩‍👩‍👧",
            "'; DROP TABLE core_organization; --",
        ]
        for text in nasty:
            with self.subTest(text=text):
                response = self.api(
                    "post", BASE, self.amy, {"url": "https://ok.example.com", "description": text}
                )
                self.assertEqual(response.status_code, 201, response.content)
                self.assertEqual(response.json()["description"], text)
        refused = self.api(
            "post", BASE, self.amy, {"url": "https://ok.example.com", "description": "a\x00b"}
        )
        self.assertIn(refused.status_code, (400, 422))
        self.assertEqual(refused.json()["errors"][0]["field"], "description")
