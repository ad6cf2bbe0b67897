"""Asking for a report queues its job with the row; the job makes it, saving its progress, or
ends it as failed with a message; the request is audited (an internal one privately)."""

from unittest import mock

from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from accord.audit.models import AuditEvent
from accord.reports.models import QbrReport, ReportStatus
from accord.reports.services import report_make, report_request
from accord.reports.tests.base import NOW, ReportTestCase
from tests.base import run_queued_jobs


class ReportJobTests(ReportTestCase):
    def ask(self, edition="shared", party=None, quarter="2026Q3"):
        return report_request(
            party=party or self.party_a, quarter=quarter, edition=edition, actor=self.alice, now=NOW
        )

    def test_asking_queues_the_job_with_the_row(self):
        report = self.ask()
        self.assertEqual((report.status, report.progress), (ReportStatus.QUEUED, 0))
        job = DBTaskResult.objects.get(status="READY")
        self.assertEqual(job.args_kwargs["args"], [report.pk])

    def test_the_job_makes_the_report_through_its_steps(self):
        report = self.ask()
        steps = []
        real = QbrReport.objects.filter

        def watch(*args, **kwargs):
            found = real(*args, **kwargs)
            update = found.update

            def noted(**values):
                if "progress" in values:
                    steps.append((values["progress"], values.get("step")))
                return update(**values)

            found.update = noted
            return found

        with mock.patch.object(QbrReport.objects, "filter", watch):
            made = report_make(report_id=report.pk, now=NOW)
        assert made is not None
        self.assertEqual((made.status, made.progress, made.step), (ReportStatus.DONE, 100, "Ready"))
        self.assertEqual([p for p, _ in steps], [5, 10, 50, 70, 100])
        self.assertTrue(bytes(made.pdf).startswith(b"%PDF"))
        self.assertIn("Ship 40 panels", made.html)
        self.assertIn("by Alice", made.html)  # named as other organizations see her
        self.assertNotIn("alice@alpha.test", made.html)
        self.assertEqual(made.finished_at, NOW)

    def test_a_failure_ends_as_failed_with_a_message(self):
        report = self.ask()
        with (
            mock.patch("accord.reports.services.qbr_of", side_effect=RuntimeError("boom")),
            self.assertLogs("accord.jobs", "ERROR"),
        ):
            run_queued_jobs()
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.FAILED)
        self.assertIn("could not be made", report.error)
        self.assertNotIn("boom", report.error)
        self.assertIsNotNone(report.finished_at)

    def test_a_made_report_is_not_made_again_and_an_abandoned_one_is(self):
        made, abandoned = self.ask(), self.ask()
        QbrReport.objects.filter(pk=abandoned.pk).update(status=ReportStatus.RUNNING, progress=50)
        with mock.patch("accord.reports.services.qbr_pdf", return_value=b"%PDF-1.7\n"):
            self.assertIsNotNone(report_make(report_id=made.pk, now=NOW))
            self.assertIsNone(report_make(report_id=made.pk, now=NOW))
            finished = report_make(report_id=abandoned.pk, now=NOW)
        assert finished is not None
        self.assertEqual(finished.status, ReportStatus.DONE)

    def test_bad_quarters_and_editions_are_refused_and_nothing_is_made(self):
        for quarter in ("2026Q5", "abc", "0001Q1", "", "2027Q1", "2026Q3; DROP"):
            with self.subTest(quarter=quarter), self.assertRaises(ValidationError) as caught:
                self.ask(quarter=quarter)
            self.assertIn("quarter", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.ask(edition="x")
        self.assertIn("edition", caught.exception.message_dict)
        self.assertFalse(QbrReport.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())

    def test_the_request_is_audited_privately_for_an_internal_report(self):
        shared, internal = self.ask(), self.ask("internal")
        events = {
            e.record_id: e for e in AuditEvent.objects.filter(record_type="reports.QbrReport")
        }
        self.assertIsNone(events[str(shared.pk)].private_to_id)
        self.assertEqual(events[str(internal.pk)].private_to_id, self.alpha.pk)
        self.assertEqual(events[str(internal.pk)].action, "request")
