"""A KPI's figures tell one story (`kpi_story`): stale, path against forecast, too few values."""

from datetime import date, timedelta

from django.test import SimpleTestCase, override_settings

from accord.lib.kpi import (
    Forecast,
    ForecastState,
    Plan,
    Status,
    kpi_forecast,
    kpi_status,
    kpi_story,
    kpi_trend,
)

TODAY = date(2026, 6, 1)
# 0 -> 1000 from 1 Jan to 31 Dec 2026: about 2.74 a day.
UP = Plan.of("up", 0, date(2026, 1, 1), 1000, date(2026, 12, 31))
RANGE = Plan.of("range", 50, date(2026, 1, 1), low=40, high=60)


def story(plan: Plan, points: list[tuple[date, float]], frequency: str = "monthly"):
    latest = max(points) if points else None
    trend = kpi_trend(plan, points)
    status = kpi_status(plan, latest)
    forecast = kpi_forecast(plan, latest, trend)
    return kpi_story(
        plan, status, trend, forecast, latest[0] if latest else None, TODAY, frequency
    ), forecast


def on_path(days_ago: int) -> tuple[date, float]:
    day = TODAY - timedelta(days=days_ago)
    planned = UP.planned(day)
    assert planned is not None
    return day, planned


@override_settings(ACCORD_LOCALE="en_GB")
class KpiStoryTests(SimpleTestCase):
    def test_no_value_is_no_data(self):
        told, _ = story(UP, [])
        self.assertEqual(told.status, Status.NO_DATA)
        self.assertIn("No value yet", told.text)

    def test_no_value_for_longer_than_the_measurement_period_is_stale(self):
        points = [on_path(60), on_path(50), on_path(40)]
        told, _ = story(UP, points, "monthly")
        self.assertEqual((told.status, told.stale), (Status.STALE, True))
        self.assertIn("no value since 22 Apr 2026", told.text)
        self.assertIn("was on track", told.text)
        self.assertEqual(Status.STALE.label, "Stale")

    def test_the_period_follows_the_frequency(self):
        points = [on_path(30), on_path(20), on_path(10)]
        self.assertEqual(story(UP, points, "weekly")[0].status, Status.STALE)
        self.assertNotEqual(story(UP, points, "monthly")[0].status, Status.STALE)
        self.assertNotEqual(story(UP, [on_path(300)], "yearly")[0].status, Status.STALE)

    def test_on_the_path_but_the_forecast_misses_the_target_date_is_at_risk(self):
        # On the path today, but the last values crawl: 1 a day, far below the path's 2.74.
        day, value = on_path(0)
        points = [(day - timedelta(days=20), value - 20), (day - timedelta(days=10), value - 10)]
        points.append((day, value))
        told, forecast = story(UP, points)
        self.assertEqual(kpi_status(UP, (day, value)).status, Status.ON_TRACK)
        self.assertEqual((forecast.state, forecast.on_time), (ForecastState.EXPECTED, False))
        self.assertEqual(told.status, Status.AT_RISK)
        self.assertIn("On the planned path today", told.text)
        self.assertIn("Believe the forecast", told.text)
        self.assertIn("after 31 Dec 2026", told.text)

    def test_a_forecast_a_few_days_late_is_noise_not_risk(self):
        # 5 % of the 364 planned days is 18: a forecast 10 days late keeps "on track".
        day, value = on_path(0)
        status = kpi_status(UP, (day, value))
        trend = kpi_trend(UP, [on_path(20), on_path(10), (day, value)])
        assert UP.target_date is not None
        for late, expected in ((10, Status.ON_TRACK), (19, Status.AT_RISK)):
            with self.subTest(late=late):
                forecast = Forecast(
                    ForecastState.EXPECTED, UP.target_date + timedelta(days=late), False
                )
                told = kpi_story(UP, status, trend, forecast, day, TODAY, "monthly")
                self.assertEqual(told.status, expected)

    def test_on_the_path_with_a_worsening_trend_is_at_risk(self):
        day, value = on_path(0)
        points = [(day - timedelta(days=20), value + 40), (day - timedelta(days=10), value + 20)]
        points.append((day, value))
        told, forecast = story(UP, points)
        self.assertEqual(forecast.state, ForecastState.NOT_AT_PACE)
        self.assertEqual(told.status, Status.AT_RISK)
        self.assertIn("worsening", told.text)

    def test_a_forecast_from_two_values_is_not_enough_data_never_on_time(self):
        points = [on_path(10), on_path(0)]
        told, forecast = story(UP, points)
        self.assertEqual(forecast.state, ForecastState.NOT_ENOUGH_DATA)
        self.assertIsNone(forecast.on_time)
        self.assertEqual(forecast.label, "Not enough data (needs 3 values)")
        self.assertEqual(told.status, Status.ON_TRACK)
        self.assertIn("Too few values to forecast", told.text)

    def test_behind_the_path_but_forecast_in_time_keeps_the_path_s_status(self):
        # 100 behind today, but climbing 6 a day: the target is reached well before its date.
        day, value = on_path(0)
        points = [(day - timedelta(days=20), value - 220), (day - timedelta(days=10), value - 160)]
        points.append((day, value - 100))
        told, forecast = story(UP, points)
        self.assertTrue(forecast.on_time)
        self.assertEqual(told.status, Status.AT_RISK)  # 10 % of the planned change behind
        self.assertIn("still reaches the target", told.text)

    def test_on_track_and_on_time_says_both(self):
        points = [on_path(20), on_path(10), on_path(0)]
        told, forecast = story(UP, points)
        self.assertTrue(forecast.on_time)
        self.assertEqual(told.status, Status.ON_TRACK)
        self.assertTrue(told.text.startswith("On track. Forecast: around"))

    def test_a_reached_target_says_so(self):
        told, _ = story(UP, [(TODAY, 1200.0)])
        self.assertEqual(told.text, "The target is reached.")

    def test_a_range_kpi_inside_its_range_is_on_track(self):
        points = [(TODAY - timedelta(days=10), 52.0), (TODAY, 55.0)]
        told, _ = story(RANGE, points)
        self.assertEqual((told.status, told.text), (Status.ON_TRACK, "On track."))

    def test_only_a_forecast_late_beyond_noise_is_called_late(self):
        day, value = on_path(0)
        status = kpi_status(UP, (day, value))
        trend = kpi_trend(UP, [on_path(20), on_path(10), (day, value)])
        assert UP.target_date is not None
        for late, called in ((3, False), (40, True)):
            with self.subTest(late=late):
                forecast = Forecast(
                    ForecastState.EXPECTED, UP.target_date + timedelta(days=late), False
                )
                told = kpi_story(UP, status, trend, forecast, day, TODAY, "monthly")
                self.assertEqual(told.forecast_late, called)
