"""A KPI's number reads the same on its card, its page, its chart and in the history: to the
KPI's precision, with its unit, percentages in points, money in its currency (issue 9)."""

from decimal import Decimal

from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from accord.lib import formatting
from accord.longterm.models import Kpi
from accord.longterm.tests.base import LongtermTestCase, days_ago, kpi_form


@override_settings(ACCORD_LOCALE="en_GB", TIME_ZONE="UTC")
class OneFormatTests(LongtermTestCase):
    def setUp(self) -> None:
        caches["fragments"].clear()
        caches["pages"].clear()

    def pages(self, kpi: Kpi) -> dict[str, str]:
        self.client.force_login(self.bob)
        pk = self.partnership.pk
        return {
            "card": self.client.get(reverse("accord-longterm", args=[pk])).content.decode(),
            "page": self.client.get(reverse("accord-kpi", args=[pk, kpi.pk])).content.decode(),
            "history": self.client.get(
                reverse("accord-partnership-history", args=[pk])
            ).content.decode(),
        }

    def test_a_value_reads_alike_on_card_page_chart_and_history(self):
        kpi = self.make_kpi(unit="t", decimals=2, target=Decimal(2000))
        self.measure(kpi, 2, Decimal("1198.7"))
        shown = self.pages(kpi)
        for where, content in shown.items():
            with self.subTest(where=where):
                self.assertIn("1,198.70 t", content)
                self.assertNotIn("1,198.7000", content)
                self.assertNotIn("1198.7", content)
                self.assertNotIn("1,198.7 ", content)
        # The chart's dot, on the page and on the card, says it too, with the human date.
        self.assertIn(f"<title>1,198.70 t on {formatting.day(days_ago(2))}</title>", shown["page"])
        self.assertIn(f"<title>1,198.70 t on {formatting.day(days_ago(2))}</title>", shown["card"])
        # The history names the KPI the value belongs to and its date in words.
        self.assertIn(
            '<dt>KPI</dt><dd class="change-after">Homes with solar</dd>', shown["history"]
        )
        self.assertIn(formatting.day(days_ago(2)), shown["history"])

    def test_the_precision_is_the_kpi_s_own(self):
        kpi = self.make_kpi(decimals=0)
        self.measure(kpi, 2, Decimal("1198.7"))
        for where, content in self.pages(kpi).items():
            with self.subTest(where=where):
                self.assertIn("1,199", content)
                self.assertNotIn("1,198.7", content)

    def test_a_percentage_kpi_reads_in_percent_and_its_pace_in_points(self):
        kpi = self.make_kpi(unit="%", decimals=1, baseline=Decimal(10), target=Decimal(90))
        for ago, value in ((20, "40"), (10, "41"), (0, "42.25")):
            self.measure(kpi, ago, Decimal(value))
        shown = self.pages(kpi)
        for where, content in shown.items():
            with self.subTest(where=where):
                self.assertIn("42.2%", content)
        self.assertIn("points a day", shown["page"])
        # Today's planned value is 50 %: 42.25 is 7.8 points (9.7 % of the change) behind.
        self.assertIn("7.8 points", shown["page"])

    def test_a_money_kpi_reads_as_money_without_cents_on_large_sums(self):
        kpi = self.make_kpi(currency="EUR", baseline=Decimal(0), target=Decimal(5_000_000))
        self.measure(kpi, 2, Decimal("1250000.40"))
        for where, content in self.pages(kpi).items():
            with self.subTest(where=where):
                self.assertIn("€1,250,000", content)
                self.assertNotIn("1,250,000.40", content)

    def test_the_csv_keeps_iso_dates_and_exact_numbers(self):
        kpi = self.make_kpi(unit="t", decimals=0)
        self.measure(kpi, 2, Decimal("1198.7"))
        self.client.force_login(self.bob)
        url = reverse("accord-measurements-export", args=[self.partnership.pk, kpi.pk])
        body = self.client.get(url).content.decode()
        self.assertIn(f"{days_ago(2).isoformat()},1198.7,", body)


@override_settings(ACCORD_LOCALE="en_GB")
class KpiPrecisionAndCurrencyTests(LongtermTestCase):
    def url(self, name: str, *args) -> str:
        return reverse(name, args=[self.partnership.pk, *args])

    def test_the_form_takes_a_precision_and_a_currency_from_the_list(self):
        self.client.force_login(self.bob)
        response = self.client.post(
            self.url("accord-kpi-new"), kpi_form(decimals="1", currency="CHF")
        )
        kpi = Kpi.objects.get()
        self.assertRedirects(response, self.url("accord-kpi", kpi.pk))
        self.assertEqual((kpi.decimals, kpi.currency), (1, "CHF"))

    def test_a_precision_beyond_four_places_or_an_unknown_currency_is_refused(self):
        self.client.force_login(self.bob)
        for fields, message in (
            ({"decimals": "5"}, "Show between 0 and 4 decimals."),
            ({"currency": "XYZ"}, "Select a valid choice"),
        ):
            with self.subTest(fields=fields):
                response = self.client.post(self.url("accord-kpi-new"), kpi_form(**fields))
                self.assertContains(response, message, status_code=400)
        self.assertFalse(Kpi.objects.exists())

    def test_the_api_checks_the_currency_against_iso_4217(self):
        body = {
            "name": "Revenue",
            "baseline": "0",
            "baseline_date": str(days_ago(10)),
            "target": "100",
            "target_date": str(days_ago(-10)),
            "currency": "ABC",
        }
        path = f"/partnerships/{self.partnership.pk}/kpis"
        response = self.api("post", path, self.bob, body)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json()["errors"][0]["field"], "currency")
        response = self.api("post", path, self.bob, {**body, "currency": "usd", "decimals": 0})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["currency"], response.json()["decimals"]), ("USD", 0))
