"""The reports page: the list each persona may see, the form, progress polled by htmx, the
HTML view and the PDF download."""

from django.urls import reverse

from accord.reports.models import QbrReport, ReportStatus
from accord.reports.services import report_request
from accord.reports.tests.base import NOW, ReportTestCase

PDF = b"%PDF-1.7\n%fake\n"


class ReportPageTests(ReportTestCase):
    shared: QbrReport
    internal: QbrReport

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.shared = report_request(
            party=cls.party_b, quarter="2026Q3", edition="shared", actor=cls.bob, now=NOW
        )
        cls.internal = report_request(
            party=cls.party_a, quarter="2026Q2", edition="internal", actor=cls.alice, now=NOW
        )

    def done(self, report: QbrReport) -> None:
        QbrReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.DONE, progress=100, html="<p>The QBR</p>", pdf=PDF
        )

    def url(self, name: str, report: QbrReport) -> str:
        return reverse(name, args=[self.partnership.pk, report.pk])

    def test_each_party_sees_the_shared_report_and_only_its_own_internal_ones(self):
        alice = self.page_as(self.alice, "accord-reports")
        self.assertContainsAll(
            alice, "2026Q3", "2026Q2", "Internal (Alpha Energy)", "Make a report"
        )
        bob = self.page_as(self.bob, "accord-reports")
        self.assertContains(bob, "2026Q3")
        self.assertNotContains(bob, "2026Q2")
        self.assertNotContains(bob, "Internal (Alpha Energy)")

    def test_a_viewer_sees_the_list_without_the_form(self):
        response = self.page_as(self.vic, "accord-reports")
        self.assertContains(response, "2026Q3")
        self.assertNotContains(response, "Make a report</button>")

    def test_the_form_asks_for_a_report(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("accord-report-new", args=[self.partnership.pk]),
            {"quarter": "2026Q1", "edition": "internal"},
        )
        self.assertRedirects(response, reverse("accord-reports", args=[self.partnership.pk]))
        made = QbrReport.objects.get(quarter="2026Q1")
        self.assertEqual(
            (made.party, made.edition, made.created_by), (self.party_a, "internal", self.alice)
        )

    def test_the_form_refuses_bad_input_and_makes_nothing(self):
        self.client.force_login(self.alice)
        url = reverse("accord-report-new", args=[self.partnership.pk])
        for data in (
            {"quarter": "2026Q5", "edition": "shared"},
            {"quarter": "abc", "edition": "shared"},
            {"quarter": "0001Q1", "edition": "shared"},
            {"quarter": "2026Q1", "edition": "x"},
        ):
            with self.subTest(data=data):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "field-error", status_code=400)
        self.assertEqual(QbrReport.objects.count(), 2)

    def test_a_report_being_made_is_polled_and_a_made_one_is_not(self):
        self.client.force_login(self.bob)
        QbrReport.objects.filter(pk=self.shared.pk).update(
            status=ReportStatus.RUNNING, progress=50, step="Writing the report"
        )
        running = self.client.get(self.url("accord-report-status", self.shared))
        self.assertContainsAll(running, 'hx-trigger="every 2s"', "Writing the report", 'value="50"')
        self.done(self.shared)
        done = self.client.get(self.url("accord-report-status", self.shared))
        self.assertNotContains(done, "hx-trigger")
        self.assertContains(done, self.url("accord-report-pdf", self.shared))

    def test_a_failed_report_says_so(self):
        QbrReport.objects.filter(pk=self.shared.pk).update(
            status=ReportStatus.FAILED, error="The report could not be made."
        )
        self.assertContainsAll(
            self.page_as(self.bob, "accord-reports"), "Failed", "The report could not be made."
        )

    def test_the_pdf_downloads_as_an_attachment_with_a_safe_name(self):
        self.done(self.shared)
        self.client.force_login(self.bea)
        response = self.client.get(self.url("accord-report-pdf", self.shared))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="qbr-solar-rollout-2026Q3-shared.pdf"',
        )
        self.assertEqual(response.content, PDF)

    def test_the_html_view_shows_the_kept_report(self):
        self.done(self.shared)
        self.client.force_login(self.bob)
        self.assertContains(self.client.get(self.url("accord-report-html", self.shared)), "The QBR")

    def test_a_report_not_made_yet_cannot_be_downloaded(self):
        self.client.force_login(self.bob)
        for name in ("accord-report-pdf", "accord-report-html"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(self.url(name, self.shared)).status_code, 404)

    def test_the_partners_internal_report_is_not_found(self):
        self.done(self.internal)
        self.client.force_login(self.bea)
        for name in ("accord-report-pdf", "accord-report-html", "accord-report-status"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(self.url(name, self.internal)).status_code, 404)

    def test_the_history_shows_the_request_to_those_who_may_see_it(self):
        alice = self.page_as(self.alice, "accord-partnership-history")
        self.assertContains(alice, "QBR 2026Q2 (internal)")
        bea = self.page_as(self.bea, "accord-partnership-history")
        self.assertContains(bea, "QBR 2026Q3 (shared)")
        self.assertNotContains(bea, "QBR 2026Q2")
