"""Charts and KPI maths at the ends of Python's calendar (data stored before the date bounds)
and at the extremes the bounds allow."""

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

from django.test import SimpleTestCase

from accord.lib import formatting
from accord.lib.kpi import Plan, kpi_forecast, kpi_status, kpi_trend
from accord.lib.svgchart import kpi_chart

TOP = 99999999999.9999


def chart(actuals, plan=None, band=None) -> ElementTree.Element:
    svg = kpi_chart(chart_id="k", title="t", description="d", actuals=actuals, plan=plan, band=band)
    return ElementTree.fromstring(svg)


class CalendarEndTests(SimpleTestCase):
    def test_a_single_value_on_the_first_or_last_day_is_drawn(self):
        for day in (date.min, date.max):
            with self.subTest(day=day):
                root = chart([(day, 1.0)], band=(0.0, 2.0))
                self.assertEqual(len(root.findall(".//{http://www.w3.org/2000/svg}circle")), 1)

    def test_a_path_over_the_whole_calendar_is_drawn(self):
        root = chart([(date.min, -TOP), (date.max, TOP)], plan=((date.min, -TOP), (date.max, TOP)))
        self.assertEqual(len(root.findall(".//{http://www.w3.org/2000/svg}circle")), 2)

    def test_the_kpi_maths_hold_at_the_extremes(self):
        plan = Plan.of("up", Decimal(-TOP), date(1900, 1, 1), Decimal(TOP), date(2999, 12, 31))
        points = [(date(1900, 1, 1), -TOP), (date(1900, 1, 2), -TOP + 0.0001)]
        trend = kpi_trend(plan, points)
        self.assertEqual(kpi_status(plan, points[-1]).status, "on_track")
        self.assertEqual(kpi_forecast(plan, points[-1], trend).state, "not_enough_data")
        three = [*points, (date(1900, 1, 3), -TOP + 0.0002)]
        trend = kpi_trend(plan, three)
        self.assertEqual(kpi_forecast(plan, three[-1], trend).state, "not_at_pace")
        late = [(date.max, 0.0)]
        self.assertEqual(
            kpi_forecast(
                plan,
                late[0],
                kpi_trend(plan, [(date(9999, 12, 29), -2.0), (date(9999, 12, 30), -1.0), *late]),
            ).state,
            "not_at_pace",
        )

    def test_money_is_displayed_exactly(self):
        self.assertEqual(formatting.number(Decimal("9999999999999.99")), "9,999,999,999,999.99")
        self.assertEqual(formatting.number(Decimal("-0.00")), "0")
