"""The largest number allowed goes in and comes back exactly through the form, the API and CSV
import and export, on SQLite and PostgreSQL alike; one digit more is refused by each with a
clear message; and pages showing the largest values render."""

from decimal import Decimal

from django.urls import reverse

from accord.lib.bounds import MONEY_PLACES, VALUE_PLACES, largest
from accord.longterm.models import Kpi, Measurement, ValueEntry
from accord.longterm.tests.base import LongtermTestCase, days_ago, kpi_form

TOP = largest(VALUE_PLACES)  # 99999999999.9999
MONEY_TOP = largest(MONEY_PLACES)  # 9999999999999.99
VALUE_TOO_LARGE = "999999999999.9999"  # one digit more
MONEY_TOO_LARGE = "99999999999999.99"
MANGLED_ON_SQLITE = "1234567890123456.78"  # came back as 1234567890123460.00
VALUE_MESSAGE = "Too large: at most 11 digits before the decimal point."
MONEY_MESSAGE = "Too large: at most 13 digits before the decimal point."


class NumberBoundTests(LongtermTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.bob)

    def url(self, name: str, *args) -> str:
        return reverse(name, args=[self.partnership.pk, *args])

    def kpi_form(self, **fields) -> dict:
        bounds = {"baseline": str(-TOP), "target": str(TOP)}
        return kpi_form(
            name="Grid capacity",
            decimals="4",
            baseline_date=str(days_ago(100)),
            target_date=str(days_ago(-100)),
            **{**bounds, **fields},
        )

    def value_form(self, amount: str) -> dict:
        return {
            "flow": "contribution",
            "category": "money",
            "description": "Grid fund",
            "amount": amount,
            "currency": "EUR",
            "occurred_on": str(days_ago(3)),
            "visibility": "shared",
        }

    def test_the_largest_numbers_round_trip_exactly_through_the_forms(self):
        response = self.client.post(self.url("accord-kpi-new"), self.kpi_form())
        kpi = Kpi.objects.get()
        self.assertRedirects(response, self.url("accord-kpi", kpi.pk))
        self.assertEqual((str(kpi.baseline), str(kpi.target)), (f"{-TOP}", f"{TOP}"))
        data = {"measured_on": str(days_ago(1)), "value": str(TOP)}
        self.client.post(self.url("accord-measurement-add", kpi.pk), data)
        self.assertEqual(str(Measurement.objects.get().value), str(TOP))
        self.client.post(self.url("accord-value-new"), self.value_form(str(MONEY_TOP)))
        self.assertEqual(str(ValueEntry.objects.get().amount), str(MONEY_TOP))
        page = self.client.get(self.url("accord-kpi", kpi.pk))
        self.assertContains(page, "99,999,999,999.9999")

    def test_one_digit_more_is_refused_by_the_forms_with_a_clear_message(self):
        for fields in ({"baseline": VALUE_TOO_LARGE}, {"target": MANGLED_ON_SQLITE}):
            with self.subTest(fields=fields):
                response = self.client.post(self.url("accord-kpi-new"), self.kpi_form(**fields))
                self.assertContains(response, VALUE_MESSAGE, status_code=400)
        response = self.client.post(self.url("accord-kpi-new"), self.kpi_form(target="1.00001"))
        self.assertContains(response, "Too many decimal places: at most 4.", status_code=400)
        kpi = self.make_kpi()
        data = {"measured_on": str(days_ago(1)), "value": VALUE_TOO_LARGE}
        response = self.client.post(self.url("accord-measurement-add", kpi.pk), data)
        self.assertContains(response, VALUE_MESSAGE, status_code=400)
        for amount in (MONEY_TOO_LARGE, MANGLED_ON_SQLITE):
            response = self.client.post(self.url("accord-value-new"), self.value_form(amount))
            self.assertContains(response, MONEY_MESSAGE, status_code=400)
        self.assertEqual((Kpi.objects.count(), Measurement.objects.count()), (1, 0))
        self.assertFalse(ValueEntry.objects.exists())

    def test_the_largest_numbers_round_trip_exactly_through_the_api(self):
        base = f"/partnerships/{self.partnership.pk}"
        # As a JSON number (the way most clients send it) and as a string.
        raw = (
            f'{{"name": "Grid", "baseline": {-TOP}, "baseline_date": "{days_ago(100)}",'
            f' "target": "{TOP}", "target_date": "{days_ago(-100)}"}}'
        )
        created = self.api("post", f"{base}/kpis", self.bob, raw=raw)
        self.assertEqual(created.status_code, 201, created.content)
        kpi = created.json()["id"]
        read = self.api("get", f"{base}/kpis/{kpi}", self.alice).json()
        self.assertEqual((read["baseline"], read["target"]), (f"{-TOP}", f"{TOP}"))
        body = {"measured_on": str(days_ago(1)), "value": str(TOP)}
        self.api("post", f"{base}/kpis/{kpi}/measurements", self.bob, body)
        values = self.api("get", f"{base}/kpis/{kpi}/measurements", self.alice).json()
        self.assertEqual([m["value"] for m in values["items"]], [f"{TOP}"])
        entry = {
            "flow": "contribution",
            "category": "money",
            "description": "Grid fund",
            "amount": str(MONEY_TOP),
            "currency": "EUR",
            "occurred_on": str(days_ago(2)),
        }
        entry_id = self.api("post", f"{base}/value", self.bob, entry).json()["id"]
        read = self.api("get", f"{base}/value/{entry_id}", self.alice).json()
        self.assertEqual(read["amount"], f"{MONEY_TOP}")
        balance = self.api("get", f"{base}/value/balance", self.alice).json()
        beta = next(p for p in balance["parties"] if p["organization"]["slug"] == "beta")
        self.assertEqual(beta["put_in"]["money"], [{"currency": "EUR", "amount": f"{MONEY_TOP}"}])

    def test_one_digit_more_is_refused_by_the_api_with_a_clear_message(self):
        base = f"/partnerships/{self.partnership.pk}"
        kpi = self.make_kpi()
        cases = [
            ("kpis", {"name": "x", "baseline": VALUE_TOO_LARGE, "baseline_date": "2025-01-01"}),
            ("kpis", {"name": "x", "baseline": MANGLED_ON_SQLITE, "baseline_date": "2025-01-01"}),
            (f"kpis/{kpi.pk}/measurements", {"measured_on": "2025-01-01", "value": "-1e12"}),
        ]
        for path, body in cases:
            with self.subTest(path=path, body=body):
                response = self.api("post", f"{base}/{path}", self.bob, body)
                self.assertEqual(response.status_code, 422)
                self.assertIn(VALUE_MESSAGE, [e["message"] for e in response.json()["errors"]])
        entry = {"flow": "benefit", "category": "money", "description": "x", "currency": "EUR"}
        for amount in (MONEY_TOO_LARGE, MANGLED_ON_SQLITE):
            body = {**entry, "amount": amount, "occurred_on": "2025-01-01"}
            response = self.api("post", f"{base}/value", self.bob, body)
            self.assertEqual(response.status_code, 422)
            self.assertEqual(response.json()["errors"][0]["message"], MONEY_MESSAGE)
        self.assertEqual((Kpi.objects.count(), Measurement.objects.count()), (1, 0))

    def test_a_json_number_with_a_digit_too_many_is_refused_not_rounded(self):
        # As floats, 9999999999999.991 is 9999999999999.99 and 99999999999.99991 reads back
        # as itself only by luck: the API reads JSON numbers as decimals.
        base = f"/partnerships/{self.partnership.pk}"
        entry = (
            '{"flow": "benefit", "category": "money", "description": "x", "currency": "EUR",'
            ' "occurred_on": "2025-01-01", "amount": 9999999999999.991}'
        )
        response = self.api("post", f"{base}/value", self.bob, raw=entry)
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(
            response.json()["errors"][0]["message"], "Too many decimal places: at most 2."
        )
        kpi = self.make_kpi()
        raw = '{"measured_on": "2025-01-01", "value": 99999999999.99991}'
        response = self.api("post", f"{base}/kpis/{kpi.pk}/measurements", self.bob, raw=raw)
        self.assertEqual(response.status_code, 422, response.content)
        self.assertFalse(ValueEntry.objects.exists() or Measurement.objects.exists())

    def test_the_largest_values_round_trip_exactly_through_csv_import_and_export(self):
        kpi = self.make_kpi(baseline=-TOP, target=TOP)
        text = f"date,value\n{days_ago(3)},{TOP}\n{days_ago(2)},{-TOP}\n{days_ago(1)},-0\n"
        url = f"/api/v1{self.kpis_url(kpi)}/measurements/import"
        token = {"Authorization": f"Bearer {self.token_for(self.bob)}"}
        response = self.client.post(url, text, content_type="text/csv", headers=token)
        self.assertEqual(response.status_code, 201, response.content)
        values = [str(v) for v in kpi.measurements.values_list("value", flat=True)]
        self.assertEqual(values[:2], [str(TOP), str(-TOP)])
        self.assertEqual(Decimal(values[2]), 0)
        export = self.client.get(self.url("accord-measurements-export", kpi.pk)).content.decode()
        self.assertIn(f"{days_ago(3)},{TOP},\n{days_ago(2)},{-TOP},\n", export)
        again = self.make_kpi(name="Copy", baseline=-TOP, target=TOP)
        url = f"/api/v1{self.kpis_url(again)}/measurements/import"
        response = self.client.post(url, export, content_type="text/csv", headers=token)
        self.assertEqual(response.json()["imported"], 3)
        self.assertEqual(
            list(again.measurements.values_list("value", flat=True)),
            list(kpi.measurements.values_list("value", flat=True)),
        )

    def test_one_digit_more_is_refused_by_csv_import_with_its_line(self):
        kpi = self.make_kpi()
        text = f"date,value\n{days_ago(3)},{VALUE_TOO_LARGE}\n{days_ago(2)},{MANGLED_ON_SQLITE}\n"
        url = f"/api/v1{self.kpis_url(kpi)}/measurements/import"
        token = {"Authorization": f"Bearer {self.token_for(self.bob)}"}
        response = self.client.post(url, text, content_type="text/csv", headers=token)
        self.assertEqual(response.status_code, 400)
        problems = {e["field"]: e["message"] for e in response.json()["errors"]}
        self.assertEqual(set(problems), {"line 2", "line 3"})
        self.assertIn("too large: at most 11 digits before the decimal point", problems["line 2"])
        self.assertFalse(Measurement.objects.exists())

    def bearer(self, url: str) -> dict[str, str]:
        """bob's token for the API, which takes no session cookie."""
        return {"Authorization": f"Bearer {self.token_for(self.bob)}"} if "/api/" in url else {}

    def test_pages_showing_the_largest_values_render(self):
        kpi = self.make_kpi(baseline=-TOP, target=TOP)
        self.measure(kpi, 2, TOP)
        self.measure(kpi, 1, -TOP)
        self.client.post(self.url("accord-value-new"), self.value_form(str(MONEY_TOP)))
        for url in (
            self.url("accord-longterm"),
            self.url("accord-kpi", kpi.pk),
            self.url("accord-measurements-export", kpi.pk),
            f"/api/v1{self.kpis_url(kpi)}/status",
            f"/api/v1/partnerships/{self.partnership.pk}/value/balance",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, headers=self.bearer(url)).status_code, 200)
