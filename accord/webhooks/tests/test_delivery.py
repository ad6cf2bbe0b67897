"""Events reach the endpoint signed, once; failures are retried with backoff, then given up;
an endpoint failing too often is disabled; another organization's private events never leave."""

import json
from datetime import timedelta
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.core.records import record_update
from accord.webhooks import services, transport
from accord.webhooks.events import signature
from accord.webhooks.models import DeliveryStatus, WebhookCursor, WebhookDelivery
from accord.webhooks.tasks import webhook_deliveries_run
from accord.webhooks.tests.base import WebhookTestCase
from tests.base import run_queued_jobs
from tests.memos.models import Memo


def sent_types(received) -> list[str]:
    return [json.loads(body)["type"] for _, body in received]


class DeliveryTests(WebhookTestCase):
    def run_worker(self, now=None) -> None:
        services.webhook_events_fan_out(now=now)
        services.webhook_deliveries_send(now=now)

    def test_an_event_arrives_signed_with_the_secret(self):
        memo = self.record(Memo, text="Shared plan")
        self.run_worker()
        ((headers, body),) = self.receiver.received
        # The receiver's check, with the secret shown to the admins.
        stamp = headers["X-Accord-Timestamp"]
        self.assertEqual(
            headers["X-Accord-Signature"], signature(self.endpoint.secret, int(stamp), body)
        )
        payload = json.loads(body)
        event = AuditEvent.objects.get(record_type="memos.Memo", record_id=str(memo.pk))
        self.assertEqual(payload["id"], event.pk)
        self.assertEqual(payload["type"], "memo.create")
        self.assertEqual(
            payload["partnership"], {"id": self.partnership.pk, "name": "Solar rollout"}
        )
        self.assertEqual(
            payload["record"], {"type": "memos.Memo", "id": memo.pk, "label": "Shared plan"}
        )
        self.assertEqual(payload["actor"], {"id": self.bob.pk, "name": self.bob.public_name})
        self.assertNotIn(b"bob@beta.test", body)  # people are named to partners, never by email
        self.assertEqual(payload["changes"]["text"], [None, "Shared plan"])
        self.assertFalse(payload["private"])
        self.assertEqual(headers["X-Accord-Event"], "memo.create")
        delivery = WebhookDelivery.objects.get(event=event)
        self.assertEqual((delivery.status, delivery.status_code), (DeliveryStatus.DELIVERED, 200))
        self.assertEqual(len(delivery.response_excerpt), 500)  # bounded

    def test_a_wrong_secret_does_not_verify(self):
        self.record(Memo, text="Plan")
        self.run_worker()
        ((headers, body),) = self.receiver.received
        stamp = int(headers["X-Accord-Timestamp"])
        self.assertNotEqual(headers["X-Accord-Signature"], signature("whsec_other", stamp, body))
        self.assertNotEqual(
            headers["X-Accord-Signature"], signature(self.endpoint.secret, stamp, body + b" ")
        )

    def test_each_event_is_delivered_once(self):
        self.record(Memo, text="Plan")
        self.run_worker()
        self.run_worker()
        webhook_deliveries_run.call()
        self.assertEqual(sent_types(self.receiver.received), ["memo.create"])

    def test_a_rotated_secret_signs_from_then_on(self):
        old = self.endpoint.secret
        rotated = services.endpoint_secret_rotate(endpoint=self.endpoint, actor=self.amy)
        self.assertNotEqual(rotated.secret, old)
        self.record(Memo, text="Plan")
        self.run_worker()
        ((headers, body),) = self.receiver.received
        stamp = int(headers["X-Accord-Timestamp"])
        self.assertEqual(headers["X-Accord-Signature"], signature(rotated.secret, stamp, body))

    def test_private_events_of_another_organization_never_reach_the_endpoint(self):
        self.record(Memo, text="Beta's secret", private=True)
        alphas = self.record(Memo, party=self.party_a, text="Alpha's own", private=True)
        self.record(Memo, text="Shared")
        self.run_worker()
        bodies = [json.loads(body) for _, body in self.receiver.received]
        self.assertEqual([b["record"]["label"] for b in bodies], ["Alpha's own", "Shared"])
        self.assertTrue(bodies[0]["private"])
        self.assertNotIn(b"Beta's secret", b"".join(body for _, body in self.receiver.received))
        self.assertEqual(alphas.visibility, "private")

    def test_a_record_made_private_by_its_owner_stops_reaching_the_partner(self):
        memo = self.record(Memo, text="Draft terms")
        self.run_worker()
        memo = record_update(
            record=memo,
            actor=self.bob,
            expected_version=memo.version,
            changes={"visibility": "private", "text": "Secret terms"},
        )
        record_update(
            record=memo, actor=self.bob, expected_version=memo.version, changes={"text": "Final"}
        )
        self.run_worker()
        bodies = [json.loads(body) for _, body in self.receiver.received]
        # Alpha hears it left, under the name it knew; never the new values.
        self.assertEqual([b["type"] for b in bodies], ["memo.create", "memo.unshare"])
        self.assertEqual(bodies[1]["record"]["label"], "Draft terms")
        everything = b"".join(body for _, body in self.receiver.received)
        self.assertNotIn(b"Secret terms", everything)
        self.assertNotIn(b"Final", everything)

    def test_a_private_delivery_queued_by_mistake_is_refused_at_sending(self):
        self.record(Memo, text="Beta's secret", private=True)
        event = AuditEvent.objects.get(private_to=self.beta)
        WebhookDelivery.objects.create(
            endpoint=self.endpoint,
            event=event,
            event_type="memo.create",
            body="{}",
            next_attempt_at=timezone.now(),
            created_at=timezone.now(),
        )
        services.webhook_deliveries_send()
        self.assertEqual(self.receiver.received, [])
        self.assertFalse(WebhookDelivery.objects.filter(event=event).exists())

    def test_an_event_committed_late_is_not_lost(self):
        self.record(Memo, text="First")
        # A fan-out that ran "later" than the next event's time: that event was written in a
        # transaction that committed after it. Chains are read by position, not by time.
        self.run_worker(now=timezone.now() + timedelta(hours=1))
        self.record(Memo, text="Late")
        self.run_worker(now=timezone.now() + timedelta(hours=1))
        self.assertEqual(sent_types(self.receiver.received), ["memo.create", "memo.create"])
        self.assertTrue(WebhookCursor.objects.filter(organization=self.alpha).exists())

    def test_events_before_the_endpoint_are_not_sent(self):
        self.record(Memo, text="Before")
        self.endpoint.delete()
        later = services.endpoint_create(
            organization=self.alpha, actor=self.amy, url=self.receiver.url
        )
        self.run_worker(now=later.created_at + timedelta(seconds=1))
        self.assertEqual(self.receiver.received, [])

    def test_an_organization_not_party_to_the_partnership_hears_nothing(self):
        services.endpoint_create(organization=self.gamma, actor=self.olga, url=self.receiver.url)
        self.record(Memo, text="Shared")
        self.run_worker()
        self.assertEqual(len(self.receiver.received), 1)  # Alpha's only
        self.assertFalse(WebhookDelivery.objects.filter(endpoint__organization=self.gamma).exists())


@override_settings(
    ACCORD_WEBHOOK_RETRY_SECONDS=60, ACCORD_WEBHOOK_MAX_ATTEMPTS=4, ACCORD_WEBHOOK_DISABLE_AFTER=6
)
class RetryTests(WebhookTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.receiver.status = 503
        self.record(Memo, text="Plan")
        self.now = timezone.now()
        services.webhook_events_fan_out(now=self.now)
        self.delivery = WebhookDelivery.objects.get()

    def attempt_at(self, now) -> WebhookDelivery:
        services.webhook_deliveries_send(now=now)
        self.delivery.refresh_from_db()
        return self.delivery

    def test_failures_are_retried_after_1_2_4_minutes_then_given_up(self):
        at = self.now
        for attempts, wait in ((1, 1), (2, 2), (3, 4)):
            delivery = self.attempt_at(at)
            self.assertEqual(delivery.attempts, attempts)
            self.assertEqual(delivery.status_code, 503)
            self.assertEqual(delivery.next_attempt_at, at + timedelta(minutes=wait))
            # Not due a second before.
            self.assertEqual(
                self.attempt_at(delivery.next_attempt_at - timedelta(seconds=1)).attempts, attempts
            )
            at = delivery.next_attempt_at
        delivery = self.attempt_at(at)
        self.assertEqual((delivery.attempts, delivery.status), (4, DeliveryStatus.FAILED))
        self.assertIsNone(delivery.next_attempt_at)
        self.assertEqual(len(self.receiver.received), 4)

    def test_a_retry_that_succeeds_delivers_and_resets_the_failure_count(self):
        self.attempt_at(self.now)
        self.endpoint.refresh_from_db()
        self.assertEqual(self.endpoint.consecutive_failures, 1)
        self.receiver.status = 204
        delivery = self.attempt_at(self.now + timedelta(minutes=1))
        self.assertEqual((delivery.status, delivery.status_code), (DeliveryStatus.DELIVERED, 204))
        self.endpoint.refresh_from_db()
        self.assertEqual(self.endpoint.consecutive_failures, 0)

    def test_an_unreachable_endpoint_records_why(self):
        self.endpoint.url = "http://127.0.0.1:9/closed"
        self.endpoint.save()
        delivery = self.attempt_at(self.now)
        self.assertIsNone(delivery.status_code)
        self.assertIn("refused", delivery.error.lower())
        self.assertEqual(delivery.attempts, 1)

    def test_the_endpoint_is_disabled_after_repeated_failures_and_re_enabled_by_an_admin(self):
        for n in range(5):
            self.record(Memo, text=f"More {n}")
        at = self.now
        services.webhook_events_fan_out(now=at)
        services.webhook_deliveries_send(now=at)  # 6 deliveries fail once
        self.endpoint.refresh_from_db()
        self.assertFalse(self.endpoint.active)
        self.assertEqual(self.endpoint.disabled_at, at)
        self.assertEqual(self.endpoint.consecutive_failures, 6)
        # Disabled: nothing more is tried.
        sent = len(self.receiver.received)
        services.webhook_deliveries_send(now=at + timedelta(hours=1))
        self.assertEqual(len(self.receiver.received), sent)
        # What happens while it is disabled waits for it too.
        self.record(Memo, text="During the outage")
        services.webhook_events_fan_out(now=at + timedelta(minutes=30))
        services.webhook_deliveries_send(now=at + timedelta(minutes=30))
        self.assertEqual(len(self.receiver.received), sent)
        self.receiver.status = 200
        enabled = services.endpoint_update(
            endpoint=self.endpoint,
            actor=self.amy,
            expected_version=self.endpoint.version,
            changes={"active": True},
        )
        self.assertEqual((enabled.active, enabled.consecutive_failures), (True, 0))
        services.webhook_deliveries_send(now=at + timedelta(hours=1))
        self.assertEqual(WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count(), 7)
        self.assertIn(b"During the outage", self.receiver.received[-1][1])


class TestEventTests(WebhookTestCase):
    def test_the_test_event_is_sent_by_the_worker_signed(self):
        delivery = services.endpoint_test(endpoint=self.endpoint, actor=self.amy)
        self.assertEqual(self.receiver.received, [])  # never inside the request
        run_queued_jobs()
        ((headers, body),) = self.receiver.received
        self.assertEqual(json.loads(body)["type"], "webhook.test")
        stamp = int(headers["X-Accord-Timestamp"])
        self.assertEqual(
            headers["X-Accord-Signature"], signature(self.endpoint.secret, stamp, body)
        )
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), (DeliveryStatus.DELIVERED, 1))

    def test_a_failed_test_event_is_not_retried_nor_counted(self):
        self.receiver.status = 500
        delivery = services.endpoint_test(endpoint=self.endpoint, actor=self.amy)
        run_queued_jobs()
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.status_code), (DeliveryStatus.FAILED, 500))
        self.endpoint.refresh_from_db()
        self.assertEqual(self.endpoint.consecutive_failures, 0)


class RefusedAtDeliveryTests(WebhookTestCase):
    def test_a_host_resolving_to_a_private_address_is_refused_when_sending(self):
        # Saved while allowed (a name, not an address); refused at delivery time.
        self.endpoint.url = self.receiver.url.replace("127.0.0.1", "localhost")
        self.endpoint.save()
        self.record(Memo, text="Plan")
        with self.settings(ACCORD_WEBHOOK_ALLOW_PRIVATE=False):
            services.webhook_events_fan_out()
            services.webhook_deliveries_send()
        self.assertEqual(self.receiver.received, [])
        delivery = WebhookDelivery.objects.get()
        self.assertIn("public addresses only", delivery.error)
        self.assertEqual((delivery.attempts, delivery.status_code), (1, None))

    def test_an_endpoint_deleted_during_the_call_leaves_nothing_behind(self):
        self.record(Memo, text="Plan")
        services.webhook_events_fan_out()

        def deleted_meanwhile(*args):
            services.endpoint_delete(endpoint=self.endpoint, actor=self.amy)
            return transport.Answer(200, "ok")

        with mock.patch.object(transport, "post", side_effect=deleted_meanwhile):
            services.webhook_deliveries_send()
        self.assertFalse(WebhookDelivery.objects.exists())
