"""One formatting per kind of value (accord/lib/formatting.py), on Babel's locale data."""

from datetime import UTC, date, datetime
from decimal import Decimal

from django.template import Context, Template
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from accord.lib import formatting
from accord.lib.formatting import Measure

TIMES = "\N{MULTIPLICATION SIGN}"


@override_settings(ACCORD_LOCALE="en_GB", TIME_ZONE="UTC")
class NumberTests(SimpleTestCase):
    def test_a_number_has_exactly_its_precision(self):
        cases = [
            (Decimal("1198.7000"), 2, "1,198.70"),
            (Decimal("1198.7000"), 0, "1,199"),
            (Decimal("1198.7000"), 4, "1,198.7000"),
            (Decimal("0.125"), 2, "0.12"),  # halves to even, as Babel rounds
            (Decimal("0.135"), 2, "0.14"),
            (7, 1, "7.0"),
            (2.5, 0, "2"),
        ]
        for value, places, shown in cases:
            with self.subTest(value=value, places=places):
                self.assertEqual(formatting.number(value, places), shown)

    def test_without_a_precision_trailing_zeros_go(self):
        self.assertEqual(formatting.number(Decimal("1234.5000")), "1,234.5")
        self.assertEqual(formatting.number(2.0), "2")
        self.assertEqual(formatting.number(1 / 3), "0.3333")

    def test_negative_numbers_and_negative_zero(self):
        self.assertEqual(formatting.number(Decimal("-1234.5"), 2), "-1,234.50")
        self.assertEqual(formatting.number(Decimal("-0.001"), 2), "0.00")
        self.assertEqual(formatting.number(Decimal("-0.00")), "0")

    def test_huge_values_are_written_out_exactly(self):
        self.assertEqual(formatting.number(Decimal("99999999999.9999"), 4), "99,999,999,999.9999")
        self.assertEqual(formatting.number(Decimal("1E+20"), 0), "100,000,000,000,000,000,000")

    def test_nothing_to_show_is_a_dash(self):
        for value in (None, float("nan"), float("inf"), "not a number", True):
            with self.subTest(value=value):
                self.assertEqual(formatting.number(value), "—")

    def test_a_precision_out_of_bounds_is_held_within_them(self):
        self.assertEqual(formatting.number(Decimal("1.23456789"), 9), "1.2346")
        self.assertEqual(formatting.number(Decimal("1.5"), -3), "2")

    def test_percentages_and_points(self):
        self.assertEqual(formatting.percent(Decimal("42.5"), 1), "42.5%")
        self.assertEqual(formatting.points(Decimal("3.2"), 1), "3.2 points")
        self.assertEqual(formatting.points(1, 0), "1 point")
        self.assertEqual(formatting.points(-1, 0), "-1 point")
        self.assertEqual(formatting.percent(None), "—")

    def test_a_ratio_is_a_multiple_never_money(self):
        self.assertEqual(formatting.ratio(Decimal("1.25")), f"1.25{TIMES}")
        self.assertEqual(formatting.ratio(None), "—")

    def test_compact_numbers_for_chart_axes(self):
        self.assertEqual(formatting.compact(12500), "12.5k")
        self.assertEqual(formatting.compact(3_000_000), "3m")
        self.assertEqual(formatting.compact(float("inf")), "—")


@override_settings(ACCORD_LOCALE="en_GB")
class MoneyTests(SimpleTestCase):
    def test_small_sums_keep_their_cents_large_sums_do_not(self):
        self.assertEqual(formatting.money(Decimal("12.5"), "EUR"), "€12.50")
        self.assertEqual(formatting.money(Decimal("999.99"), "EUR"), "€999.99")
        self.assertEqual(formatting.money(Decimal("1000.40"), "EUR"), "€1,000")
        self.assertEqual(formatting.money(Decimal("1234567.89"), "USD"), "US$1,234,568")

    def test_a_currency_without_minor_units_never_shows_cents(self):
        self.assertEqual(formatting.money(Decimal("500"), "JPY"), "JP¥500")

    def test_negative_and_huge_amounts(self):
        self.assertEqual(formatting.money(Decimal("-12.5"), "GBP"), "-£12.50")
        self.assertEqual(
            formatting.money(Decimal("9999999999999.99"), "EUR"), "€10,000,000,000,000"
        )

    def test_totals_in_several_currencies_are_never_added(self):
        totals = {"USD": Decimal(50), "EUR": Decimal(800)}
        self.assertEqual(formatting.money_totals(totals), "€800.00; US$50.00")

    def test_an_unknown_code_is_shown_as_stored_not_as_money(self):
        self.assertEqual(formatting.money(Decimal("5"), "XYZ"), "5.00 XYZ")

    def test_the_currency_list_is_iso_4217_in_use(self):
        codes = dict(formatting.currency_choices())
        self.assertEqual(codes["EUR"], "EUR — Euro")
        self.assertIn("JPY", codes)
        for gone in ("DEM", "FRF", "XYZ", "eur", ""):
            with self.subTest(code=gone):
                self.assertFalse(formatting.is_currency(gone))
                self.assertNotIn(gone, codes)


class LocaleTests(SimpleTestCase):
    @override_settings(ACCORD_LOCALE="de_DE")
    def test_another_locale_writes_its_own_separators_and_dates(self):
        self.assertEqual(formatting.number(Decimal("1198.7"), 2), "1.198,70")
        self.assertEqual(formatting.money(Decimal("12.5"), "EUR"), "12,50\xa0€")
        self.assertEqual(formatting.money(Decimal("1250000"), "EUR"), "1.250.000\xa0€")
        self.assertEqual(formatting.day(date(2026, 3, 5)), "05.03.2026")

    @override_settings(ACCORD_LOCALE="en_US")
    def test_us_english_puts_the_month_first(self):
        self.assertEqual(formatting.day(date(2026, 3, 5)), "Mar 5, 2026")

    @override_settings(ACCORD_LOCALE="xx_NOWHERE")
    def test_an_unknown_locale_falls_back_to_british_english(self):
        self.assertEqual(formatting.number(Decimal("1198.7"), 2), "1,198.70")


@override_settings(ACCORD_LOCALE="en_GB")
class DateTests(SimpleTestCase):
    def test_one_human_date_format(self):
        self.assertEqual(formatting.day(date(2026, 3, 5)), "5 Mar 2026")
        self.assertEqual(formatting.month(date(2026, 3, 5)), "Mar 2026")
        self.assertEqual(formatting.day(None), "—")

    @override_settings(TIME_ZONE="Europe/Paris")
    def test_a_time_comes_with_its_time_zone(self):
        moment = datetime(2026, 1, 15, 13, 3, tzinfo=UTC)
        self.assertEqual(formatting.moment(moment), "15 Jan 2026, 14:03 CET")
        summer = datetime(2026, 7, 15, 13, 3, tzinfo=UTC)
        self.assertEqual(formatting.moment(summer), "15 Jul 2026, 15:03 CEST")

    @override_settings(TIME_ZONE="UTC")
    def test_the_date_of_a_moment_is_the_local_one(self):
        late = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
        with timezone.override("Asia/Tokyo"):
            self.assertEqual(formatting.day(late), "16 Jan 2026")
            self.assertTrue(formatting.moment(late).endswith("JST"))


@override_settings(ACCORD_LOCALE="en_GB")
class MeasureTests(SimpleTestCase):
    def test_a_measure_reads_its_values_to_its_precision_with_its_unit(self):
        tonnes = Measure(2, "t")
        self.assertEqual(tonnes.value(Decimal("1198.7000")), "1,198.70 t")
        self.assertEqual(tonnes.bare(Decimal("1198.7000")), "1,198.70")
        self.assertEqual(tonnes.value(None), "—")
        self.assertEqual(tonnes.rate(0.25), "0.2500 t a day")

    def test_a_percentage_measure_speaks_in_points_for_differences(self):
        share = Measure(1, "%")
        self.assertEqual(share.value(Decimal("42.25")), "42.2%")
        self.assertEqual(share.change(Decimal("3")), "3.0 points")
        self.assertEqual(share.rate(0.1), "0.100 points a day")

    def test_a_money_measure_is_money(self):
        revenue = Measure(2, "", "EUR")
        self.assertEqual(revenue.value(Decimal("1250000")), "€1,250,000")
        self.assertEqual(revenue.value(Decimal("12.5")), "€12.50")


@override_settings(ACCORD_LOCALE="en_GB", TIME_ZONE="UTC")
class FilterTests(SimpleTestCase):
    def test_every_template_has_the_filters_without_loading_them(self):
        template = Template(
            "{{ n|number:2 }} | {{ a|money:'EUR' }} | {{ d|day }} | {{ d|month }} | "
            "{{ t|moment }} | {{ p|percent:0 }} | {{ r|ratio }}"
        )
        shown = template.render(
            Context(
                {
                    "n": Decimal("1198.7"),
                    "a": Decimal("2500"),
                    "d": date(2026, 3, 5),
                    "t": datetime(2026, 3, 5, 9, 30, tzinfo=UTC),
                    "p": 67,
                    "r": Decimal("0.5"),
                }
            )
        )
        self.assertEqual(
            shown,
            "1,198.70 | €2,500 | 5 Mar 2026 | Mar 2026 | 5 Mar 2026, 09:30 UTC | 67% | "
            f"0.50{TIMES}",
        )
