"""The daily sweep: queued once a day by the worker's heartbeat, run by the worker."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.ops.jobs import Heartbeat
from accord.ops.schedule import daily_jobs_enqueue
from accord.trust.models import CommitmentStatus
from accord.trust.tests.base import TrustTestCase
from tests.base import run_queued_jobs

SWEEP = "accord.trust.tasks.commitments_sweep"


class DailySweepTests(TrustTestCase):
    def test_queued_once_a_day_and_run_by_the_worker(self):
        overdue = self.commit("Long overdue", -30)
        self.assertIn(SWEEP, daily_jobs_enqueue())
        self.assertEqual(daily_jobs_enqueue(), [])
        self.assertEqual(DBTaskResult.objects.filter(task_path=SWEEP).count(), 1)
        run_queued_jobs()
        overdue.refresh_from_db()
        self.assertEqual(overdue.status, CommitmentStatus.BROKEN)

    def test_queued_again_the_next_day(self):
        daily_jobs_enqueue()
        tomorrow = timezone.now() + timedelta(days=1)
        self.assertIn(SWEEP, daily_jobs_enqueue(now=tomorrow))

    def test_the_heartbeat_queues_it(self):
        # The heartbeat closes its thread's connection, which a test's transaction forbids.
        with mock.patch("accord.ops.jobs.connection"):
            Heartbeat(worker_id="test", interval=60).beat()
        self.assertTrue(DBTaskResult.objects.filter(task_path=SWEEP).exists())
