"""The reports API: ask (202), follow, list, download; bad input refused with field errors;
the partner's internal report is not found."""

from accord.reports.models import QbrReport, ReportStatus
from accord.reports.tests.base import ReportTestCase

PDF = b"%PDF-1.7\n%fake\n"


class ReportApiTests(ReportTestCase):
    def path(self, suffix: str = "") -> str:
        return f"/partnerships/{self.partnership.pk}/reports{suffix}"

    def ask(self, user, **body):
        return self.api("post", self.path(), user, {"quarter": "2026Q3", **body})

    def test_asking_answers_202_with_the_queued_report(self):
        response = self.ask(self.bob)
        self.assertEqual(response.status_code, 202, response.content)
        body = response.json()
        self.assertEqual(
            (body["status"], body["progress"], body["edition"], body["organization"]),
            ("queued", 0, "shared", "beta"),
        )
        self.assertEqual(self.api("get", self.path(f"/{body['id']}"), self.bob).json(), body)

    def test_bad_input_gets_field_errors(self):
        for body, field, status in (
            ({"quarter": "2026Q5"}, "quarter", 400),
            ({"quarter": "abc"}, "quarter", 400),
            ({"quarter": "0001Q1"}, "quarter", 400),
            ({"quarter": "2026Q3", "edition": "x"}, "edition", 422),  # not in the enum
        ):
            with self.subTest(body=body):
                response = self.api("post", self.path(), self.bob, body)
                self.assertEqual(response.status_code, status, response.content)
                fields = [error["field"] for error in response.json()["errors"]]
                self.assertIn(field, fields)
        self.assertFalse(QbrReport.objects.exists())

    def test_the_list_holds_shared_reports_and_only_ones_own_internal_ones(self):
        self.ask(self.alice, edition="internal")
        self.ask(self.bob)
        alice = {r["edition"] for r in self.api_list(self.path(), self.alice)}
        bob = [r["edition"] for r in self.api_list(self.path(), self.bob)]
        self.assertEqual(alice, {"internal", "shared"})
        self.assertEqual(bob, ["shared"])

    def test_the_pdf_downloads_once_made(self):
        report_id = self.ask(self.alice, edition="internal").json()["id"]
        self.assertEqual(
            self.api("get", self.path(f"/{report_id}/pdf"), self.alice).status_code, 404
        )
        QbrReport.objects.filter(pk=report_id).update(status=ReportStatus.DONE, pdf=PDF)
        response = self.api("get", self.path(f"/{report_id}/pdf"), self.alice)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertEqual(response.content, PDF)
        for suffix in (f"/{report_id}", f"/{report_id}/pdf"):
            with self.subTest(suffix=suffix):
                self.assertEqual(self.api("get", self.path(suffix), self.bea).status_code, 404)
