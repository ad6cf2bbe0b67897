"""One log line per request, with a request id that follows the request into its jobs."""

import json
import logging

from django.test import TestCase, override_settings
from django_tasks_db.models import DBTaskResult

from accord.ops.jobs import AccordWorker
from accord.ops.models import JobOrigin
from accord.ops.requestlog import JsonFormatter, RequestIdFilter, request_id_bound
from accord.ops.tests.tasks import note
from tests.base import AccordTestCase


class Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def capture(name: str) -> Capture:
    handler = Capture()
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return handler


class RequestLineTests(AccordTestCase):
    def setUp(self):
        self.log = capture("accord.request")
        self.addCleanup(logging.getLogger("accord.request").removeHandler, self.log)

    def test_each_request_logs_one_line_with_its_outcome_and_user(self):
        self.client.force_login(self.alice)
        response = self.client.get("/?token=s3cret-value")
        (line,) = self.log.records
        self.assertEqual(line.method, "GET")
        self.assertEqual(line.path, "/")
        self.assertEqual(line.status, response.status_code)
        self.assertEqual(line.user_id, self.alice.pk)
        self.assertGreaterEqual(line.duration_ms, 0)
        self.assertEqual(line.request_id, response.headers["X-Request-ID"])
        self.assertNotIn("s3cret", line.getMessage())

    def test_anonymous_requests_have_no_user(self):
        self.client.get("/login/")
        self.assertIsNone(self.log.records[0].user_id)

    def test_a_client_chosen_request_id_is_not_trusted_without_a_proxy(self):
        response = self.client.get("/login/", headers={"X-Request-ID": "chosen-by-client-1"})
        self.assertNotEqual(response.headers["X-Request-ID"], "chosen-by-client-1")
        self.assertEqual(len(response.headers["X-Request-ID"]), 32)

    @override_settings(BEHIND_PROXY=True)
    def test_the_proxys_request_id_is_kept_when_it_is_well_formed(self):
        response = self.client.get("/login/", headers={"X-Request-ID": "edge-4f2a9c01"})
        self.assertEqual(response.headers["X-Request-ID"], "edge-4f2a9c01")
        forged = self.client.get("/login/", headers={"X-Request-ID": "x\n2026 ERROR forged"})
        self.assertNotIn("\n", forged.headers["X-Request-ID"])
        self.assertNotEqual(forged.headers["X-Request-ID"], "x\n2026 ERROR forged")

    def test_every_line_logged_during_the_request_carries_its_id(self):
        other = capture("django.request")
        self.addCleanup(logging.getLogger("django.request").removeHandler, other)
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(other.records)
        self.assertEqual({r.request_id for r in other.records}, {response.headers["X-Request-ID"]})


class JsonFormatTests(TestCase):
    def test_a_request_line_is_one_json_object(self):
        record = logging.LogRecord("accord.request", logging.INFO, "", 0, "GET / 200", None, None)
        record.status = 200
        record.request_id = "abc12345"
        line = JsonFormatter().format(record)
        self.assertNotIn("\n", line)
        entry = json.loads(line)
        self.assertEqual(entry["message"], "GET / 200")
        self.assertEqual(entry["status"], 200)
        self.assertEqual(entry["request_id"], "abc12345")
        self.assertEqual(entry["level"], "INFO")

    def test_the_request_object_django_attaches_is_left_out(self):
        from django.test import RequestFactory

        record = logging.LogRecord(
            "django.request", logging.WARNING, "", 0, "Not Found", None, None
        )
        record.request = RequestFactory().get("/reset/?token=s3cret-value")
        record.status_code = 404
        line = JsonFormatter().format(record)
        self.assertNotIn("s3cret", line)
        self.assertEqual(json.loads(line)["status_code"], 404)


class JobRequestIdTests(TestCase):
    def test_a_job_enqueued_in_a_request_logs_under_that_requests_id(self):
        with request_id_bound("req-12345678"):
            result = note.enqueue("hello")
        self.assertEqual(JobOrigin.objects.get(job_id=result.id).request_id, "req-12345678")
        job = DBTaskResult.objects.get(id=result.id)
        job.claim("test-worker")
        log = capture("accord.ops.tests")
        self.addCleanup(logging.getLogger("accord.ops.tests").removeHandler, log)
        worker = AccordWorker(
            grace=1,
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        worker.run_task(job)
        self.assertEqual([r.request_id for r in log.records], ["req-12345678"])
        self.assertEqual(DBTaskResult.objects.get(id=result.id).status, "SUCCESSFUL")
        self.assertFalse(JobOrigin.objects.exists())

    def test_a_job_enqueued_outside_a_request_has_no_origin(self):
        note.enqueue("hello")
        self.assertFalse(JobOrigin.objects.exists())

    def test_only_jobs_of_a_request_are_logged_at_info(self):
        with self.assertLogs("accord.jobs", "DEBUG") as logs:
            with request_id_bound("req-12345678"):
                note.enqueue("asked")
            note.enqueue("scheduled")
        self.assertEqual([r.levelname for r in logs.records], ["INFO", "DEBUG"])
