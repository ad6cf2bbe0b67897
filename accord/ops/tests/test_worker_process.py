"""`accord worker` as a process: SIGTERM finishes or releases the current job; the job of a
worker killed outright is run by the next worker."""

import signal
from pathlib import Path

import pytest
from django.test import SimpleTestCase
from django_tasks_db.models import DBTaskResult

from accord.ops.tests.processes import accord, migrated_data_dir, query, start, wait_for

JOBS = DBTaskResult._meta.db_table


@pytest.mark.own_sqlite
class WorkerProcessTests(SimpleTestCase):
    def setUp(self):
        self.data = migrated_data_dir(self)
        self.env = {"ACCORD_DATA_DIR": self.data}
        self.marker = Path(self.data) / "marker"

    def enqueue_sleep(self, seconds: float) -> None:
        script = (
            "from accord.ops.tests.tasks import sleep_once\n"
            f"sleep_once.enqueue({str(self.marker)!r}, {seconds})\n"
        )
        result = accord("shell", "-v0", "-c", script, env=self.env)
        self.assertEqual(result.returncode, 0, result.stderr)

    def job(self) -> tuple[str, str]:
        # The one this test queued (the worker queues the daily jobs beside it).
        sql = f"SELECT status, worker_ids FROM {JOBS} WHERE task_path LIKE ?"
        ((status, worker_ids),) = query(self.data, sql, "%.sleep_once")
        return status, worker_ids

    def start_worker(self, *args: str):
        worker = start("worker", *args, env=self.env)
        self.addCleanup(worker.communicate)  # cleanups run last first: kill, then reap
        self.addCleanup(worker.kill)
        self.assertTrue(wait_for(self.marker.exists), "the job never started")
        return worker

    def test_sigterm_lets_the_current_job_finish(self):
        self.enqueue_sleep(2)
        worker = self.start_worker("--grace", "30")
        worker.send_signal(signal.SIGTERM)
        self.assertEqual(worker.wait(timeout=30), 0)
        self.assertEqual(self.job()[0], "SUCCESSFUL")

    def test_sigterm_releases_a_job_that_outlasts_the_grace_period(self):
        self.enqueue_sleep(120)
        worker = self.start_worker("--grace", "1")
        worker.send_signal(signal.SIGTERM)
        self.assertEqual(worker.wait(timeout=30), 0)
        self.assertEqual(self.job(), ("READY", "[]"))
        self.assertEqual(query(self.data, "SELECT count(*) FROM ops_workerheartbeat"), [(0,)])

    def test_the_job_of_a_killed_worker_is_run_by_the_next_one(self):
        self.enqueue_sleep(120)
        worker = self.start_worker()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        self.assertEqual(self.job()[0], "RUNNING")
        recovered = accord(
            "worker",
            "--batch",
            env={**self.env, "ACCORD_JOB_LEASE_SECONDS": "0", "ACCORD_WORKER_STALE_SECONDS": "0"},
            timeout=60,
        )
        self.assertEqual(recovered.returncode, 0, recovered.stderr)
        self.assertEqual(self.job()[0], "SUCCESSFUL")
        self.assertEqual(self.marker.read_text(), "finished")
