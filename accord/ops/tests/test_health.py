"""/healthz and /readyz: for load balancers and monitors, with no login and no redirect."""

from datetime import timedelta

from django.db import connection
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.ops import health
from accord.ops.jobs import worker_heartbeat
from accord.ops.tests.tasks import note


class HealthzTests(TestCase):
    def test_it_answers_without_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assertNotIn("sessionid", response.cookies)

    @override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["accord.example.com"])
    def test_a_load_balancer_probes_over_plain_http_by_address(self):
        for path in ("/healthz", "/readyz"):
            response = self.client.get(path, HTTP_HOST="10.0.3.7:8000")
            self.assertIn(response.status_code, (200, 503), path)
            self.assertIn("status", response.json())

    def test_it_refuses_to_change_anything(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)


class ReadyzTests(TestCase):
    def setUp(self):
        health._migrations_applied = False
        worker_heartbeat(worker_id="w1", started_at=timezone.now())

    def test_all_checks_pass_with_a_live_worker_and_a_short_queue(self):
        note.enqueue("hello")
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200, response.json())
        checks = response.json()["checks"]
        self.assertEqual(set(checks), {"database", "migrations", "worker", "queue"})
        self.assertEqual(checks["queue"]["depth"], 1)

    def test_a_silent_worker_makes_it_unready(self):
        from accord.ops.models import WorkerHeartbeat

        WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=5))
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["status"], "fail")
        self.assertFalse(response.json()["checks"]["worker"]["ok"])
        self.assertTrue(response.json()["checks"]["database"]["ok"])

    def test_no_worker_ever_makes_it_unready(self):
        from accord.ops.models import WorkerHeartbeat

        WorkerHeartbeat.objects.all().delete()
        self.assertEqual(self.client.get("/readyz").status_code, 503)

    def test_a_job_waiting_too_long_makes_it_unready(self):
        note.enqueue("hello")
        DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["queue"]["ok"], False)

    def test_an_unreachable_database_makes_it_unready_without_telling_why(self):
        from unittest import mock

        from django.db import OperationalError

        refused = OperationalError("could not connect to server at 10.0.0.5")
        with (
            mock.patch.object(health.connection, "cursor", side_effect=refused),
            self.assertLogs("accord.health", "ERROR"),
        ):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json()["checks"]["database"], {"ok": False, "error": "unreachable"}
        )
        self.assertNotIn("10.0.0.5", response.content.decode())

    def test_unapplied_migrations_make_it_unready(self):
        with connection.cursor() as cursor:
            # The latest of ops' migrations: one pending.
            cursor.execute(
                "DELETE FROM django_migrations WHERE app = 'ops' AND name = "
                "(SELECT MAX(name) FROM django_migrations WHERE app = 'ops')"
            )
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["migrations"], {"ok": False, "pending": 1})
