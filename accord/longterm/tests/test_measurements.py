"""Measurements one by one: the rules, who may add and delete, and the audit trail."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.lib import formatting
from accord.longterm.models import Measurement
from accord.longterm.tests.base import KpiPageTestCase, LongtermTestCase, days_ago


class MeasurementApiTests(LongtermTestCase):
    def setUp(self) -> None:
        self.kpi = self.make_kpi()
        self.url = f"{self.kpis_url(self.kpi)}/measurements"

    def test_the_owning_party_adds_a_value_and_everyone_in_the_partnership_reads_it(self):
        body = {"measured_on": str(days_ago(3)), "value": "12.5", "note": "Q"}
        response = self.api("post", self.url, self.bob, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["entered_by"]["email"], "bob@beta.test")
        listed = self.api("get", self.url, self.alice).json()
        self.assertEqual([(m["value"], m["note"]) for m in listed["items"]], [("12.5000", "Q")])

    def test_the_other_party_and_viewers_cannot_add(self):
        body = {"measured_on": str(days_ago(3)), "value": 1}
        self.assertEqual(self.api("post", self.url, self.alice, body).status_code, 403)
        self.assertEqual(self.api("post", self.url, self.vic, body).status_code, 403)
        self.assertEqual(self.api("post", self.url, self.olga, body).status_code, 404)

    def test_dates_before_the_baseline_in_the_future_or_measured_already_are_refused(self):
        self.measure(self.kpi, 3, 10)
        for day, message in (
            (days_ago(51), "baseline"),
            (timezone.localdate() + timedelta(days=1), "future"),
            (days_ago(3), "already measured"),
        ):
            with self.subTest(day=day):
                response = self.api(
                    "post", self.url, self.bob, {"measured_on": str(day), "value": 1}
                )
                self.assertEqual(response.status_code, 400)
                error = response.json()["errors"][0]
                self.assertEqual(error["field"], "measured_on")
                self.assertIn(message, error["message"])
        self.assertEqual(Measurement.objects.count(), 1)

    def test_bad_values_are_refused(self):
        for value in ("abc", 1e20, "1" * 15, "0.00001", None, True):
            with self.subTest(value=value):
                response = self.api(
                    "post", self.url, self.bob, {"measured_on": str(days_ago(1)), "value": value}
                )
                self.assertEqual(response.status_code, 422, response.content)
        response = self.api(
            "post",
            self.url,
            self.bob,
            {"measured_on": str(days_ago(1)), "value": 1, "note": "\x00"},
        )
        self.assertEqual(response.status_code, 422)

    def test_adding_and_deleting_are_audited(self):
        measurement = self.measure(self.kpi, 2, 7)
        response = self.api("delete", f"{self.url}/{measurement.pk}", self.bob)
        self.assertEqual(response.status_code, 204)
        actions = list(
            AuditEvent.objects.filter(record_type="longterm.Measurement").values_list(
                "action", "changes"
            )
        )
        self.assertEqual(actions[0][0], "measurement_add")
        self.assertEqual(actions[0][1]["value"], [None, "7"])
        self.assertEqual(actions[1][0], "measurement_delete")

    def test_a_measurement_of_another_kpi_is_not_found(self):
        other = self.make_kpi(name="Other")
        measurement = self.measure(other, 2, 7)
        self.assertEqual(
            self.api("delete", f"{self.url}/{measurement.pk}", self.bob).status_code, 404
        )


class MeasurementPageTests(KpiPageTestCase):
    page = "accord-measurement-add"

    def test_a_value_added_on_the_page_appears_in_the_table(self):
        response = self.client.post(
            self.url, {"measured_on": str(days_ago(2)), "value": "42"}, follow=True
        )
        self.assertContains(response, "Recorded 42")
        self.assertContains(response, formatting.day(days_ago(2)))

    def test_a_refused_value_keeps_the_input_and_shows_the_error_inline(self):
        response = self.client.post(self.url, {"measured_on": str(days_ago(99)), "value": "42.5"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "is before the baseline date", status_code=400)
        self.assertContains(response, 'value="42.5"', status_code=400)

    def test_deleting_on_the_page_removes_the_value(self):
        measurement = self.measure(self.kpi, 2, 5)
        url = reverse(
            "accord-measurement-delete", args=[self.partnership.pk, self.kpi.pk, measurement.pk]
        )
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(Measurement.objects.exists())
