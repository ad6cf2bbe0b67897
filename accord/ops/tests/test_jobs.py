"""Jobs abandoned by a dead worker go back to the queue; a live worker's jobs stay its own."""

from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.ops.jobs import job_release, jobs_recover_abandoned, worker_heartbeat
from accord.ops.models import WorkerHeartbeat
from accord.ops.tests.tasks import note


@override_settings(
    ACCORD_JOB_LEASE_SECONDS=60, ACCORD_WORKER_STALE_SECONDS=60, ACCORD_JOB_MAX_ATTEMPTS=3
)
class RecoveryTests(TestCase):
    def running_job(self, *, worker: str, minutes_ago: float, attempts: int = 1) -> DBTaskResult:
        job = DBTaskResult.objects.get(id=note.enqueue("x").id)
        earlier = [f"old-{n}" for n in range(attempts - 1)]
        job.worker_ids = earlier
        job.claim(worker)
        DBTaskResult.objects.filter(id=job.id).update(
            started_at=timezone.now() - timedelta(minutes=minutes_ago)
        )
        return DBTaskResult.objects.get(id=job.id)

    def beat(self, worker: str, minutes_ago: float) -> None:
        worker_heartbeat(worker_id=worker, started_at=timezone.now())
        WorkerHeartbeat.objects.filter(worker_id=worker).update(
            seen_at=timezone.now() - timedelta(minutes=minutes_ago)
        )

    def status(self, job: DBTaskResult) -> str:
        return DBTaskResult.objects.get(id=job.id).status

    def test_a_dead_workers_job_goes_back_to_the_queue(self):
        self.beat("dead", minutes_ago=10)
        job = self.running_job(worker="dead", minutes_ago=5)
        self.assertEqual(jobs_recover_abandoned().requeued, 1)
        job.refresh_from_db()
        self.assertEqual(job.status, "READY")
        self.assertIsNone(job.started_at)
        self.assertEqual(DBTaskResult.objects.ready().count(), 1)

    def test_a_job_whose_worker_never_beat_is_recovered_after_the_lease(self):
        job = self.running_job(worker="vanished", minutes_ago=5)
        jobs_recover_abandoned()
        self.assertEqual(self.status(job), "READY")

    def test_a_live_workers_long_job_is_left_alone(self):
        self.beat("alive", minutes_ago=0)
        job = self.running_job(worker="alive", minutes_ago=30)
        self.assertEqual(jobs_recover_abandoned().requeued, 0)
        self.assertEqual(self.status(job), "RUNNING")

    def test_a_job_just_claimed_is_left_alone(self):
        job = self.running_job(worker="vanished", minutes_ago=0.5)
        jobs_recover_abandoned()
        self.assertEqual(self.status(job), "RUNNING")

    def test_a_job_abandoned_too_often_fails_instead(self):
        job = self.running_job(worker="dead", minutes_ago=5, attempts=3)
        recovery = jobs_recover_abandoned()
        self.assertEqual((recovery.requeued, recovery.failed), (0, 1))
        job.refresh_from_db()
        self.assertEqual(job.status, "FAILED")
        self.assertIn("Abandoned 3 times", job.traceback)
        self.assertEqual(job.exception_class_path, "accord.ops.jobs.JobAbandoned")

    def test_finished_jobs_are_never_touched(self):
        job = self.running_job(worker="dead", minutes_ago=5)
        job.set_successful("done")
        jobs_recover_abandoned()
        self.assertEqual(self.status(job), "SUCCESSFUL")

    def test_a_released_job_does_not_count_as_an_attempt(self):
        job = self.running_job(worker="stopping", minutes_ago=0)
        self.assertTrue(job_release(job=job))
        job.refresh_from_db()
        self.assertEqual((job.status, job.worker_ids), ("READY", []))
        self.assertFalse(job_release(job=job))  # no longer RUNNING
