"""Several workers at the same moment (PostgreSQL: each thread its own connection): a scheduled
run is queued once, an event fanned out once per endpoint, a delivery sent once."""

import threading
from datetime import UTC, datetime

from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from accord.core.records import record_create
from accord.core.tests.races import RaceTestCase, race
from accord.ops.schedule import periodic_jobs_enqueue
from accord.webhooks import services
from accord.webhooks.models import WebhookDelivery
from accord.webhooks.tests.base import Receiver
from tests.memos.models import Memo

NOON = datetime(2026, 3, 2, 12, 0, 30, tzinfo=UTC)
RUN = "accord.webhooks.tasks.webhook_deliveries_run"


@override_settings(ACCORD_WEBHOOK_ALLOW_HTTP=True, ACCORD_WEBHOOK_ALLOW_PRIVATE=True)
class WorkerRaceTests(RaceTestCase):
    def test_two_workers_in_one_tick_queue_the_job_once(self):
        outcomes = race(*[lambda: periodic_jobs_enqueue(now=NOON)] * 3)
        self.assertEqual(outcomes, [None, None, None])
        self.assertEqual(DBTaskResult.objects.filter(task_path=RUN).count(), 1)

    def test_two_workers_fan_out_and_send_an_event_once(self):
        receiver = Receiver()
        threading.Thread(target=receiver.serve_forever, daemon=True).start()
        self.addCleanup(receiver.server_close)
        self.addCleanup(receiver.shutdown)
        services.endpoint_create(organization=self.alpha, actor=self.amy, url=receiver.url)
        record_create(
            record=Memo(partnership=self.partnership, owner_party=self.party_b, text="Plan"),
            actor=self.bob,
        )
        self.assertEqual(
            race(services.webhook_events_fan_out, services.webhook_events_fan_out), [None, None]
        )
        self.assertEqual(WebhookDelivery.objects.count(), 1)
        self.assertEqual(
            race(services.webhook_deliveries_send, services.webhook_deliveries_send), [None, None]
        )
        self.assertEqual(len(receiver.received), 1)
