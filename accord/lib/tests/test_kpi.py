"""KPI arithmetic against hand-worked examples.

The examples use a 100-day plan: baseline on 2025-01-01, target on 2025-04-11 (31 + 28 + 31 + 10
days later), so the path moves 1 % of the planned change a day; day 50 is 2025-02-20.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.test import SimpleTestCase

from accord.lib import formatting
from accord.lib.kpi import (
    Forecast,
    ForecastState,
    Plan,
    Status,
    Trend,
    TrendState,
    add_months,
    kpi_forecast,
    kpi_status,
    kpi_trend,
    least_squares_slope,
)

START = date(2025, 1, 1)
END = date(2025, 4, 11)
DAY_50 = date(2025, 2, 20)
UP = Plan.of("up", 0, START, 1000, END)
DOWN = Plan.of("down", 90, START, 30, END)
RANGE = Plan.of("range", 15, START, low=10, high=20)


def day(n: int) -> date:
    return START + timedelta(days=n)


class PlannedPathTests(SimpleTestCase):
    def test_the_example_dates_are_100_and_50_days_from_the_baseline(self):
        self.assertEqual(((END - START).days, (DAY_50 - START).days), (100, 50))

    def test_the_path_is_a_straight_line_from_baseline_to_target(self):
        self.assertEqual(UP.planned(START), 0)
        self.assertEqual(UP.planned(DAY_50), 500)
        self.assertEqual(UP.planned(day(25)), 250)
        self.assertEqual(UP.planned(END), 1000)
        self.assertEqual(DOWN.planned(DAY_50), 60)

    def test_the_path_holds_the_baseline_before_and_the_target_after(self):
        self.assertEqual(UP.planned(date(2024, 6, 1)), 0)
        self.assertEqual(UP.planned(date(2026, 1, 1)), 1000)

    def test_a_range_kpi_has_no_path(self):
        self.assertIsNone(RANGE.planned(DAY_50))

    def test_decimals_become_floats_once(self):
        plan = Plan.of("up", Decimal("0.5"), START, Decimal("100.5"), END)
        self.assertEqual(plan.planned(DAY_50), 50.5)
        self.assertEqual(plan.scale, 100.0)


class UpStatusTests(SimpleTestCase):
    def check(self, actual: float, status: Status, shortfall: float) -> None:
        result = kpi_status(UP, (DAY_50, actual))
        self.assertEqual(result.status, status)
        self.assertEqual(result.expected, 500)
        assert result.shortfall is not None
        self.assertAlmostEqual(result.shortfall, shortfall)

    def test_2_percent_behind_is_on_track(self):
        self.check(480, Status.ON_TRACK, 0.02)  # (500 - 480) / 1000

    def test_exactly_5_percent_behind_is_still_on_track(self):
        self.check(450, Status.ON_TRACK, 0.05)

    def test_10_percent_behind_is_at_risk(self):
        self.check(400, Status.AT_RISK, 0.10)

    def test_exactly_15_percent_behind_is_still_at_risk(self):
        self.check(350, Status.AT_RISK, 0.15)

    def test_20_percent_behind_is_off_track(self):
        self.check(300, Status.OFF_TRACK, 0.20)

    def test_being_ahead_counts_as_no_shortfall(self):
        self.check(550, Status.ON_TRACK, 0.0)

    def test_after_the_target_date_the_target_is_expected(self):
        result = kpi_status(UP, (date(2025, 6, 1), 900))
        self.assertEqual((result.expected, result.status), (1000, Status.AT_RISK))

    def test_without_a_measurement_there_is_no_data(self):
        self.assertEqual(kpi_status(UP, None).status, Status.NO_DATA)


class DownStatusTests(SimpleTestCase):
    # Planned change 90 -> 30 is 60; on day 50 the path says 60.
    def test_3_above_the_path_is_5_percent_and_on_track(self):
        result = kpi_status(DOWN, (DAY_50, 63))
        self.assertEqual((result.expected, result.status), (60, Status.ON_TRACK))
        self.assertAlmostEqual(result.shortfall, 0.05)

    def test_6_above_the_path_is_at_risk(self):
        self.assertEqual(kpi_status(DOWN, (DAY_50, 66)).status, Status.AT_RISK)

    def test_15_above_the_path_is_off_track(self):
        result = kpi_status(DOWN, (DAY_50, 75))
        self.assertEqual(result.status, Status.OFF_TRACK)
        self.assertAlmostEqual(result.shortfall, 0.25)

    def test_below_the_path_is_ahead(self):
        self.assertEqual(kpi_status(DOWN, (DAY_50, 40)).shortfall, 0)


class RangeStatusTests(SimpleTestCase):
    # Range 10-20: width 10, so 10 % of it is 1.
    def test_inside_the_range_is_on_track(self):
        for value in (10, 15, 20):
            self.assertEqual(kpi_status(RANGE, (DAY_50, value)).status, Status.ON_TRACK)

    def test_one_above_the_top_is_at_risk(self):
        result = kpi_status(RANGE, (DAY_50, 21))
        self.assertEqual(result.status, Status.AT_RISK)
        self.assertAlmostEqual(result.shortfall, 0.1)

    def test_two_below_the_bottom_is_off_track(self):
        result = kpi_status(RANGE, (DAY_50, 8))
        self.assertEqual(result.status, Status.OFF_TRACK)
        self.assertAlmostEqual(result.shortfall, 0.2)


class TrendTests(SimpleTestCase):
    def test_the_slope_of_a_straight_rise_is_its_daily_step(self):
        points = [(day(0), 100), (day(10), 120), (day(20), 140), (day(30), 160)]
        self.assertAlmostEqual(least_squares_slope(points), 2.0)

    def test_the_slope_is_least_squares_not_first_to_last(self):
        # x = 0, 1, 2; y = 1, 3, 2: x-mean 1, y-mean 2; sum dx*dy = 1, sum dx^2 = 2.
        points = [(day(0), 1), (day(1), 3), (day(2), 2)]
        self.assertAlmostEqual(least_squares_slope(points), 0.5)

    def test_only_the_latest_six_measurements_count(self):
        # Two old falling values, then six rising by 10 every 10 days: slope 1 a day.
        old = [(day(0), 900), (day(10), 800)]
        recent = [(day(20 + 10 * i), 100 + 10 * i) for i in range(6)]
        trend = kpi_trend(UP, old + recent)
        self.assertEqual((trend.points, trend.state), (6, TrendState.IMPROVING))
        self.assertAlmostEqual(trend.slope_per_day, 1.0)

    def test_rising_is_worsening_when_lower_is_better(self):
        points = [(day(0), 60), (day(10), 62), (day(20), 64)]
        self.assertEqual(kpi_trend(DOWN, points).state, TrendState.WORSENING)

    def test_a_tiny_slope_is_flat(self):
        # 1 % of the planned change of 1000 is 10 a month: 0.3 a day moves 9 a month, flat.
        points = [(day(0), 100), (day(10), 103), (day(20), 106)]
        self.assertEqual(kpi_trend(UP, points).state, TrendState.FLAT)
        points = [(day(0), 100), (day(10), 104), (day(20), 108)]  # 12 a month
        self.assertEqual(kpi_trend(UP, points).state, TrendState.IMPROVING)

    def test_a_range_improves_towards_its_middle(self):
        falling_from_above = [(day(0), 30), (day(10), 28), (day(20), 26)]
        self.assertEqual(kpi_trend(RANGE, falling_from_above).state, TrendState.IMPROVING)
        rising_from_below = [(day(0), 2), (day(10), 1), (day(20), 0)]
        self.assertEqual(kpi_trend(RANGE, rising_from_below).state, TrendState.WORSENING)

    def test_one_measurement_is_not_enough(self):
        self.assertEqual(kpi_trend(UP, [(day(0), 1)]).state, TrendState.NOT_ENOUGH_DATA)
        self.assertEqual(kpi_trend(UP, []).state, TrendState.NOT_ENOUGH_DATA)


class ForecastTests(SimpleTestCase):
    def test_the_target_date_at_the_current_pace(self):
        # From 160 on 2025-01-31 at 2 a day, 840 to go takes 420 days: 334 days to the end of
        # 2025, then 31 in January and 28 in February leave 27: 2026-03-27.
        latest = (date(2025, 1, 31), 160.0)
        forecast = kpi_forecast(UP, latest, Trend(TrendState.IMPROVING, 2.0, 4))
        self.assertEqual(forecast, Forecast(ForecastState.EXPECTED, date(2026, 3, 27), False))
        self.assertEqual(forecast.label, "Around 27 Mar 2026")

    def test_part_days_round_up(self):
        latest = (date(2025, 1, 1), 997.0)
        forecast = kpi_forecast(UP, latest, Trend(TrendState.IMPROVING, 2.0, 4))
        self.assertEqual((forecast.on, forecast.on_time), (date(2025, 1, 3), True))

    def test_a_value_at_or_past_the_target_has_reached_it(self):
        self.assertEqual(
            kpi_forecast(UP, (DAY_50, 1000), Trend(TrendState.WORSENING, -1, 3)).state,
            ForecastState.REACHED,
        )
        self.assertEqual(
            kpi_forecast(DOWN, (DAY_50, 25), Trend(TrendState.FLAT, 0, 3)).state,
            ForecastState.REACHED,
        )

    def test_flat_or_worsening_never_gets_there(self):
        for trend in (Trend(TrendState.FLAT, 0.01, 3), Trend(TrendState.WORSENING, -2, 3)):
            self.assertEqual(
                kpi_forecast(UP, (DAY_50, 500), trend).label, "Not at the current pace"
            )

    def test_more_than_a_hundred_years_away_is_not_at_the_current_pace(self):
        trend = Trend(TrendState.IMPROVING, 0.00001, 3)
        self.assertEqual(kpi_forecast(UP, (DAY_50, 500), trend).state, ForecastState.NOT_AT_PACE)

    def test_a_range_forecasts_reaching_its_nearer_edge(self):
        # 26 falling 0.2 a day reaches the top of the range, 20, in 30 days.
        forecast = kpi_forecast(RANGE, (DAY_50, 26), Trend(TrendState.IMPROVING, -0.2, 3))
        self.assertEqual(forecast.on, DAY_50 + timedelta(days=30))
        self.assertEqual(
            kpi_forecast(RANGE, (DAY_50, 12), Trend(TrendState.FLAT, 0, 3)).state,
            ForecastState.REACHED,
        )

    def test_no_measurement_no_forecast(self):
        self.assertEqual(
            kpi_forecast(UP, None, Trend(TrendState.NOT_ENOUGH_DATA)).state, ForecastState.NO_DATA
        )


class AddMonthsTests(SimpleTestCase):
    def test_it_moves_by_calendar_months(self):
        self.assertEqual(add_months(date(2025, 11, 15), 3), date(2026, 2, 15))
        self.assertEqual(add_months(date(2025, 3, 1), 12), date(2026, 3, 1))
        self.assertEqual(add_months(date(2025, 3, 31), 6), date(2025, 9, 30))

    def test_it_clamps_the_day_to_the_end_of_the_month(self):
        self.assertEqual(add_months(date(2025, 1, 31), 1), date(2025, 2, 28))
        self.assertEqual(add_months(date(2024, 1, 31), 1), date(2024, 2, 29))

    def test_it_refuses_to_go_past_year_9999(self):
        with self.assertRaises(ValueError):
            add_months(date(9999, 12, 1), 1)


class DisplayNumberTests(SimpleTestCase):
    def test_it_rounds_and_drops_trailing_zeros(self):
        self.assertEqual(formatting.number(Decimal("1234.5000")), "1,234.5")
        self.assertEqual(formatting.number(2.0), "2")
        self.assertEqual(formatting.number(1 / 3), "0.3333")
        self.assertEqual(formatting.number(None), "—")
