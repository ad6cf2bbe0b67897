"""KPI status, trend and forecast as the API and the pages report them, hand-worked.

The KPI runs 0 -> 1000 from 50 days ago to 50 days ahead: 10 a day, 500 planned today."""

from datetime import timedelta

from django.utils import timezone

from accord.lib import formatting
from accord.longterm.tests.base import LongtermTestCase, days_ago


class KpiStatusApiTests(LongtermTestCase):
    def status(self, kpi, user=None) -> dict:
        response = self.api("get", f"{self.kpis_url(kpi)}/status", user or self.alice)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_a_kpi_behind_its_path_is_at_risk_with_its_forecast(self):
        kpi = self.make_kpi()
        # Values 100, 200, 300, 400 on days -30, -20, -10, 0: slope 10 a day.
        for ago, value in ((30, 100), (20, 200), (10, 300), (0, 400)):
            self.measure(kpi, ago, value)
        body = self.status(kpi)
        self.assertEqual(body["status"], "at_risk")  # (500 - 400) / 1000 = 10 %
        # Decimal strings, exact, as every decimal of the API (issue 8).
        self.assertEqual(body["expected"], "500.0000")
        self.assertEqual(body["shortfall"], "0.1000")
        self.assertEqual(
            body["latest"], {"measured_on": str(timezone.localdate()), "value": "400.0000"}
        )
        self.assertEqual(body["trend"]["state"], "improving")
        self.assertEqual(body["trend"]["slope_per_day"], "10.00000000")
        # 600 to go at 10 a day: 60 days from today, ten days after the target date.
        self.assertEqual(
            body["forecast"],
            {
                "state": "expected",
                "date": str(timezone.localdate() + timedelta(days=60)),
                "on_time": False,
            },
        )

    def test_a_kpi_on_its_path_is_on_track(self):
        kpi = self.make_kpi()
        self.measure(kpi, 10, 410)  # planned 400 then
        self.measure(kpi, 0, 490)  # planned 500: 1 % behind
        body = self.status(kpi)
        self.assertEqual((body["status"], body["trend"]["state"]), ("on_track", "improving"))
        # Two values draw a line, not a pace: no forecast date, and never "on time".
        self.assertEqual(
            body["forecast"], {"state": "not_enough_data", "date": None, "on_time": None}
        )

    def test_a_falling_down_kpi_far_behind_is_off_track_and_never_gets_there_when_rising(self):
        kpi = self.make_kpi(direction="down", baseline=90, target=30)  # planned 60 today
        self.measure(kpi, 20, 80)
        self.measure(kpi, 0, 84)  # 24 above the path: 40 % of 60
        body = self.status(kpi)
        self.assertEqual((body["status"], body["trend"]["state"]), ("off_track", "worsening"))
        self.assertEqual(body["shortfall"], "0.4000")
        self.assertEqual(body["forecast"]["state"], "not_enough_data")
        self.measure(kpi, 10, 82)
        body = self.status(kpi)
        self.assertEqual(body["forecast"], {"state": "not_at_pace", "date": None, "on_time": None})

    def test_a_kpi_without_measurements_has_no_data(self):
        body = self.status(self.make_kpi())
        self.assertEqual(
            (body["status"], body["latest"], body["trend"]["state"]),
            ("no_data", None, "not_enough_data"),
        )


class KpiPagesTests(LongtermTestCase):
    def test_the_kpi_list_shows_status_trend_forecast_and_a_chart(self):
        kpi = self.make_kpi()
        for ago, value in ((30, 100), (20, 200), (10, 300), (0, 400)):
            self.measure(kpi, ago, value)
        response = self.page_as(self.alice, "accord-longterm")
        self.assertContains(response, '<span class="badge lt-at_risk">At risk</span>', html=True)
        self.assertContains(response, "Improving")
        self.assertContains(
            response, f"Around {formatting.day(timezone.localdate() + timedelta(days=60))}"
        )
        self.assertContains(
            response, '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-compact"'
        )
        self.assertContains(response, "How this is computed")
        self.assertContains(response, "On track up to 5 %, at risk up to 15 %")

    def test_the_kpi_page_shows_the_figures_the_chart_and_the_measurements(self):
        kpi = self.make_kpi(unit="homes")
        self.measure(kpi, 0, 400, note="Spring count")
        response = self.page_as(self.bea, "accord-kpi", kpi.pk)
        self.assertContains(response, "Spring count")
        self.assertContains(response, "10 %")  # behind the path by
        self.assertContains(response, '<path class="chart-plan"')
        self.assertContains(response, "Import CSV")
        self.assertNotIn(b'style="', response.content)

    def test_the_other_party_reads_the_kpi_page_without_change_buttons(self):
        kpi = self.make_kpi()
        response = self.page_as(self.alice, "accord-kpi", kpi.pk)
        self.assertContains(response, "Export CSV")
        self.assertNotContains(response, "Import CSV")
        self.assertNotContains(response, "Add the value")
        self.assertEqual(days_ago(0), timezone.localdate())
