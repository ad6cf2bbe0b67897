"""The demo's report: a shared QBR of the main partnership's last quarter, queued at load and
made by the worker into a PDF every party may download."""

from django.test import TestCase
from django.utils import timezone

from accord.demo import build_demo
from accord.lib.quarters import Quarter
from accord.reports.models import QbrReport, ReportStatus
from tests.base import run_queued_jobs


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()

    def test_the_main_partnership_has_last_quarters_shared_report_made_by_the_worker(self):
        report = QbrReport.objects.get()
        self.assertEqual(report.partnership.name, "Community solar rollout")
        self.assertEqual(
            (report.quarter, report.edition, report.status),
            (str(Quarter.of(timezone.localdate()).previous), "shared", ReportStatus.QUEUED),
        )
        run_queued_jobs()
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DONE)
        self.assertTrue(bytes(report.pdf).startswith(b"%PDF"))
        self.assertIn("Community solar rollout", report.html)
