"""The SVG chart, checked by its structure."""

import re
from datetime import date
from typing import Any
from xml.etree import ElementTree

from django.test import SimpleTestCase

from accord.lib.svgchart import date_ticks, kpi_chart, nice_ticks

NS = {"svg": "http://www.w3.org/2000/svg"}
ACTUALS = [(date(2025, 2, 1), 120.0), (date(2025, 3, 1), 260.0), (date(2025, 4, 1), 390.0)]
PLAN = ((date(2025, 1, 1), 0.0), (date(2026, 1, 1), 1200.0))


def chart(**overrides: Any) -> str:
    options: dict[str, Any] = dict(
        chart_id="kpi-1",
        title="Homes <with> solar & more",
        description='3 measurements; "on track"',
        actuals=ACTUALS,
        plan=PLAN,
        target=PLAN[1],
        width=640,
        height=280,
    )
    options.update(overrides)
    return kpi_chart(**options)


class ChartTests(SimpleTestCase):
    def setUp(self) -> None:
        self.svg = chart()
        self.root = ElementTree.fromstring(self.svg)

    def test_it_is_a_self_contained_svg_document(self):
        self.assertEqual(self.root.tag, "{http://www.w3.org/2000/svg}svg")
        self.assertEqual(
            (self.root.get("width"), self.root.get("height"), self.root.get("viewBox")),
            ("640", "280", "0 0 640 280"),
        )

    def test_it_has_an_accessible_title_and_description_escaped(self):
        self.assertEqual(self.root.get("role"), "img")
        self.assertEqual(self.root.find("svg:title", NS).text, "Homes <with> solar & more")
        self.assertEqual(self.root.find("svg:desc", NS).text, '3 measurements; "on track"')
        self.assertEqual(self.root.get("aria-labelledby"), "kpi-1-title kpi-1-desc")
        self.assertIn("&lt;with&gt;", self.svg)

    def test_the_actuals_are_a_polyline_with_a_point_per_value(self):
        polyline = self.root.find("svg:polyline", NS)
        self.assertEqual(len(polyline.get("points").split()), 3)
        self.assertEqual(len(self.root.findall("svg:g[@class='chart-points']/svg:circle", NS)), 3)

    def test_the_plan_is_a_dashed_line_from_the_baseline_to_the_target(self):
        plan = self.root.find("svg:path[@class='chart-plan']", NS)
        self.assertEqual(plan.get("stroke-dasharray"), "6 4")
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", plan.get("d"))]
        x1, y1, x2, y2 = numbers
        # The baseline is the first date (left edge of the plot) and the lowest value (bottom);
        # the target the last date (right edge) and the highest value (top).
        self.assertEqual((x1, x2), (56.0, 600.0))
        self.assertGreater(y1, y2)
        points = [
            tuple(map(float, p.split(",")))
            for p in self.root.find("svg:polyline", NS).get("points").split()
        ]
        self.assertTrue(all(x1 < x < x2 and y2 < y < y1 for x, y in points))

    def test_it_marks_the_target_and_labels_the_axes(self):
        self.assertIsNotNone(self.root.find("svg:g[@class='chart-target']", NS))
        dates = [
            t.text
            for t in self.root.iter("{http://www.w3.org/2000/svg}text")
            if t.get("class") == "chart-tick-date"
        ]
        values = [
            t.text
            for t in self.root.iter("{http://www.w3.org/2000/svg}text")
            if t.get("class") == "chart-tick-value"
        ]
        self.assertGreaterEqual(len(dates), 3)
        self.assertGreaterEqual(len(values), 3)
        self.assertIn("Jan 2025", dates)

    def test_it_uses_no_style_attributes_or_scripts(self):
        for element in self.root.iter():
            self.assertNotIn("style", element.attrib)
            self.assertNotIn("script", element.tag)

    def test_a_range_band_is_drawn(self):
        root = ElementTree.fromstring(chart(plan=None, target=None, band=(100.0, 300.0)))
        self.assertIsNotNone(root.find("svg:rect[@class='chart-band']", NS))
        self.assertIsNone(root.find("svg:path[@class='chart-plan']", NS))

    def test_without_data_it_says_so(self):
        root = ElementTree.fromstring(chart(actuals=[], plan=None, target=None))
        self.assertEqual(root.find("svg:text", NS).text, "No measurements yet")

    def test_a_single_point_on_a_flat_line_still_draws(self):
        root = ElementTree.fromstring(
            chart(actuals=[(date(2025, 1, 1), 5.0)], plan=None, target=None)
        )
        self.assertEqual(len(root.find("svg:polyline", NS).get("points").split()), 1)

    def test_a_compact_chart_has_no_axes(self):
        root = ElementTree.fromstring(chart(compact=True, width=240, height=72))
        self.assertIsNone(root.find("svg:g[@class='chart-axes']", NS))
        self.assertIn("chart-compact", root.get("class"))

    def test_a_fixed_value_range_spans_the_axis_whatever_the_values(self):
        """A rate drawn 0 to 100 with its ticks as percentages: 50 sits halfway, 100 on the
        top of the plot and 0 on its base, though the values only go from 40 to 60."""
        root = ElementTree.fromstring(
            chart(
                actuals=[(date(2025, 1, 1), 40.0), (date(2025, 2, 1), 60.0)],
                plan=None,
                target=None,
                value_range=(0, 100),
                tick_text=lambda v: f"{v:g}%",
            )
        )
        ticks = root.findall("svg:g[@class='chart-ticks']/svg:text[@class='chart-tick-value']", NS)
        self.assertEqual([t.text for t in ticks], ["0%", "50%", "100%"])
        top, base = 16, 280 - 32  # the plot's margins
        ys = [float(t.get("y")) - 4 for t in ticks]
        self.assertEqual(ys, [base, (top + base) / 2, top])
        dots = root.findall("svg:g[@class='chart-points']/svg:circle", NS)
        self.assertEqual(float(dots[0].get("cy")), base - (base - top) * 0.4)


class TickTests(SimpleTestCase):
    def test_value_ticks_are_round_numbers(self):
        self.assertEqual(nice_ticks(0, 1000), [0, 500, 1000])  # 250 a step rounds up to 500
        self.assertEqual(nice_ticks(3, 17), [5, 10, 15])  # 3.5 a step rounds up to 5
        self.assertEqual(nice_ticks(-0.3, 0.9), [0, 0.5])

    def test_date_ticks_spread_evenly(self):
        self.assertEqual(
            date_ticks(date(2025, 1, 1), date(2025, 1, 31)),
            [date(2025, 1, 1), date(2025, 1, 11), date(2025, 1, 21), date(2025, 1, 31)],
        )
