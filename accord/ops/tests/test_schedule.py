"""The worker's schedule: periodic jobs once a tick, daily jobs once a day, each run once
whatever the number of workers; `accord tick` runs them in its own process; the Redis backend's
settings load."""

import dataclasses
import os
import tempfile
from datetime import UTC, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import TestCase, override_settings
from django_tasks_db.models import DBTaskResult

from accord.ops.jobs import ops_prune
from accord.ops.models import ScheduledRun
from accord.ops.schedule import (
    check_scheduled_jobs,
    current_slot,
    daily_jobs_enqueue,
    periodic_jobs_enqueue,
    scheduled_job_paths,
    tick_run,
)
from accord.ops.tests import tasks
from accord.ops.tests.processes import accord
from accord.ops.tests.tasks import note

COUNT = "accord.ops.tests.tasks.count_run"
NOTE_SWEEP = "accord.trust.tasks.commitments_sweep"
NOON = datetime(2026, 3, 2, 12, 0, 30, tzinfo=UTC)


def declaring(*, periodic=(), daily=()):
    """The test app `memos` declares jobs as any non-practice app would (AppConfig)."""
    config = apps.get_app_config("memos")
    return mock.patch.multiple(config, periodic_jobs=periodic, daily_jobs=daily, create=True)


@override_settings(ACCORD_TICK_SECONDS=60)
class ScheduleTests(TestCase):
    def queued(self, path: str) -> int:
        return DBTaskResult.objects.filter(task_path=path).count()

    def test_an_app_config_declares_periodic_and_daily_jobs(self):
        with declaring(periodic=(COUNT,), daily=("accord.ops.tests.tasks.note",)):
            self.assertIn(COUNT, scheduled_job_paths("periodic"))
            daily = scheduled_job_paths("daily")
            self.assertIn(NOTE_SWEEP, daily)
            self.assertEqual(daily[-1], "accord.ops.tests.tasks.note")

    def test_a_job_that_does_not_import_or_is_no_task_is_refused_at_start(self):
        self.assertEqual(check_scheduled_jobs(), [])
        with declaring(periodic=("accord.ops.tests.tasks.missing", "accord.ops.tests.tasks.RUNS")):
            problems = check_scheduled_jobs()
        self.assertEqual([p.id for p in problems], ["accord.E001", "accord.E002"])

    def test_a_practice_declares_periodic_jobs(self):
        config = apps.get_app_config("trust")
        practice = dataclasses.replace(config.practice, periodic=(COUNT,))
        with mock.patch.object(config, "practice", practice):
            self.assertEqual(scheduled_job_paths("periodic")[0], COUNT)  # practices first

    def test_periodic_jobs_queue_once_a_tick(self):
        with declaring(periodic=(COUNT,)):
            self.assertIn(COUNT, periodic_jobs_enqueue(now=NOON))
            # Another worker's heartbeat in the same tick queues nothing.
            self.assertEqual(periodic_jobs_enqueue(now=NOON + timedelta(seconds=29)), [])
            self.assertEqual(self.queued(COUNT), 1)
            self.assertIn(COUNT, periodic_jobs_enqueue(now=NOON + timedelta(seconds=30)))
        self.assertEqual(self.queued(COUNT), 2)

    @override_settings(ACCORD_TICK_SECONDS=300)
    def test_the_tick_follows_the_setting(self):
        self.assertEqual(
            current_slot("periodic", NOON), current_slot("periodic", NOON.replace(minute=4))
        )
        self.assertNotEqual(
            current_slot("periodic", NOON), current_slot("periodic", NOON.replace(minute=5))
        )

    def test_a_run_key_held_by_another_worker_queues_nothing(self):
        ScheduledRun.objects.create(
            job_path=COUNT, slot=current_slot("periodic", NOON), created_at=NOON
        )
        with declaring(periodic=(COUNT,)):
            self.assertNotIn(COUNT, periodic_jobs_enqueue(now=NOON))
        self.assertEqual(self.queued(COUNT), 0)

    def test_daily_jobs_queue_once_a_calendar_day(self):
        every_daily_job = scheduled_job_paths("daily")
        self.assertIn(NOTE_SWEEP, every_daily_job)
        self.assertEqual(daily_jobs_enqueue(now=NOON), every_daily_job)
        self.assertEqual(daily_jobs_enqueue(now=NOON + timedelta(hours=11)), [])
        self.assertEqual(daily_jobs_enqueue(now=NOON + timedelta(hours=12)), every_daily_job)

    @override_settings(TIME_ZONE="America/New_York")
    def test_the_day_is_the_local_day(self):
        # 03:00 UTC on the 3rd is still the 2nd in New York.
        late = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
        self.assertEqual(current_slot("daily", late), "2026-03-02")

    def test_a_tick_runs_the_jobs_here_and_todays_daily_ones_once(self):
        tasks.RUNS.clear()
        with declaring(periodic=(COUNT,), daily=(COUNT,)):
            first = tick_run(now=NOON)
            second = tick_run(now=NOON)
            # The daily run is claimed: a worker's heartbeat the same day does not queue it.
            self.assertNotIn(COUNT, daily_jobs_enqueue(now=NOON))
        self.assertEqual(len(tasks.RUNS), 3)  # periodic twice, daily once
        self.assertEqual(
            [(r.cadence, r.path, r.ran) for r in first if r.path == COUNT],
            [("periodic", COUNT, True), ("daily", COUNT, True)],
        )
        second_daily = [r.ran for r in second if r.cadence == "daily"]
        self.assertTrue(second_daily)
        self.assertFalse(any(second_daily))
        self.assertEqual(DBTaskResult.objects.count(), 0)  # the sweep ran in the tick too

    def test_accord_tick_prints_what_ran(self):
        out = StringIO()
        with declaring(periodic=(COUNT,)):
            call_command("tick", stdout=out)
        lines = out.getvalue().splitlines()
        self.assertIn(f"periodic {COUNT}: ran", lines)
        self.assertIn("periodic accord.webhooks.tasks.webhook_deliveries_run: ran", lines)
        self.assertIn(f"daily {NOTE_SWEEP}: ran", lines)

    def test_finished_jobs_are_pruned(self):
        jobs = [DBTaskResult.objects.get(id=note.enqueue(str(n)).id) for n in range(4)]
        jobs[0].set_successful("old")
        jobs[1].set_failed(ValueError("old"))
        jobs[2].set_failed(ValueError("also old"))
        DBTaskResult.objects.filter(id__in=[j.id for j in jobs[:3]]).update(
            finished_at=NOON - timedelta(days=8)
        )
        ops_prune(now=NOON)
        # The old success goes; failures stay 30 days; the queued one stays.
        self.assertEqual(
            set(DBTaskResult.objects.values_list("id", flat=True)), {j.id for j in jobs[1:]}
        )

    def test_old_run_keys_are_pruned(self):
        ScheduledRun.objects.create(job_path=COUNT, slot="old", created_at=NOON)
        ScheduledRun.objects.create(job_path=COUNT, slot="new", created_at=NOON + timedelta(days=7))
        ops_prune(now=NOON + timedelta(days=8))
        self.assertEqual(list(ScheduledRun.objects.values_list("slot", flat=True)), ["new"])


# A Redis database of this test process's own (15, 14, … 8 for pytest-xdist's gw0, gw1, … gw7):
# a burst worker empties its queue, which must not be another test process's.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
REDIS_URL = f"redis://127.0.0.1:6379/{15 - WORKER % 8}"
REDIS = {"ACCORD_TASKS_BACKEND": "django_tasks_rq.RQBackend", "ACCORD_REDIS_URL": REDIS_URL}


@pytest.mark.own_sqlite
class RedisBackendTests(TestCase):
    """Settings loaded in a fresh process with the Redis backend selected."""

    def setUp(self) -> None:
        self.env = {**REDIS, "ACCORD_DATA_DIR": tempfile.mkdtemp(prefix="accord-rq-")}

    def run_script(self, script: str) -> str:
        result = accord("shell", "-v0", "-c", script, env=self.env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip()

    def test_rqs_worker_runs_a_job_as_the_readme_says(self):
        self.assertEqual(accord("migrate", "-v0", env=self.env).returncode, 0)
        job_id = self.run_script(
            "from accord.ops.tests.tasks import note\nprint(note.enqueue('via redis').id)\n"
        )
        worker = accord(
            "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default", env=self.env
        )
        self.assertEqual(worker.returncode, 0, worker.stderr)
        out = self.run_script(
            "import django_rq\n"
            "from accord.ops.tests.tasks import note\n"
            f"result = note.get_result({job_id!r})\n"
            "print(result.status, result.return_value)\n"
            "django_rq.get_queue('default').fetch_job(result.id).delete()\n"
        )
        self.assertEqual(out, "SUCCESSFUL via redis")

    def test_the_backend_resolves(self):
        out = self.run_script(
            "from django.conf import settings\n"
            "from django_tasks import task_backends\n"
            "b = task_backends['default']\n"
            "print(type(b).__module__, type(b).__name__, 'django_rq' in settings.INSTALLED_APPS,"
            " settings.RQ_QUEUES['default']['URL'])\n"
        )
        self.assertEqual(out, f"django_tasks_rq.backend RQBackend True {REDIS_URL}")

    def test_a_job_queues_on_redis_after_commit(self):
        out = self.run_script(
            "import django_rq\n"
            "from django.db import transaction\n"
            "from accord.lib.jobs import enqueue_with_data\n"
            "from accord.ops.tests.tasks import note\n"
            "queue = django_rq.get_queue('default')\n"
            "before = set(queue.job_ids)\n"
            "with transaction.atomic():\n"
            "    enqueue_with_data(note, 'hello')\n"
            "    inside = set(queue.job_ids) - before\n"
            "(new,) = set(queue.job_ids) - before\n"
            "job = queue.fetch_job(new)\n"
            "print(len(inside), job.func_name, job.args)\n"
            "job.delete()\n"
        )
        self.assertEqual(out, "0 accord.ops.tests.tasks.note ('hello',)")
