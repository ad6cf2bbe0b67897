"""KPI arithmetic: where a KPI should be, how far behind it is, where it is heading, and when it
will get there. Pure functions on floats: stored values are Decimals, converted once with
float() at the edge, and rounded only for display.

Planned path — the straight line from (baseline_date, baseline) to (target_date, target):

    planned(d) = baseline
                 + (target - baseline) * (d - baseline_date) / (target_date - baseline_date)

held at the baseline before baseline_date and at the target after target_date.

Status of an up or down KPI, from its latest measurement (d, actual):

    expected  = planned(d)
    behind    = expected - actual (up)   or   actual - expected (down); being ahead counts as 0
    shortfall = behind / |target - baseline|   (a share of the whole planned change)
    on track if shortfall ≤ 5 %, at risk if ≤ 15 %, off track beyond.

Status of a range KPI [low, high]: on track inside the range; otherwise
outside = distance to the nearer bound, at risk if outside ≤ 10 % of (high - low), off track
beyond. No measurement: "no data".

Trend — least-squares slope over the latest (up to) six measurements, x in days:

    slope = Σ (xᵢ - x̄)(yᵢ - ȳ) / Σ (xᵢ - x̄)²      (units per day)

flat when |slope| * 30 < 1 % of the KPI's scale (|target - baseline|, or high - low): it would
move less than 1 % of the planned change in a month. Otherwise improving when it moves the
right way (up: rising; down: falling; range: towards the middle of the range), else worsening.

Forecast — from the latest measurement along the slope: "reached" when the latest value is at
or past the target (range: inside it); else, when the trend is improving,
d + ⌈(target - actual) / slope⌉ days (range: the nearer bound); else "not at the current pace",
which also covers a date more than 100 years away.

Forecasts need at least three values (MIN_FORECAST_POINTS): a line through two points says
nothing about a pace, so with fewer the forecast is "not enough data", never "on time".

One story — `kpi_story` turns status, trend, forecast and the date of the latest value into one
headline and one sentence, so that no page shows "on track" beside "after the target date":
- no value at all: no data;
- no value for longer than the KPI's measurement period (PERIOD_DAYS: a week, a month …):
  **stale** — the last status is shown as what it was, not what it is;
- on the path but the forecast misses the target date (by more than 5 % of the planned
  duration: less is the noise of a KPI that follows its path), or the trend is flat or
  worsening: **at risk**, and the sentence says to believe the forecast (it follows the recent
  values; the path only says where the KPI should be today);
- behind the path but forecast in time: the path's status stands, the sentence says the recent
  pace would still make it.

Months — add_months(d, n) moves by calendar months, clamping the day to the month's last day
(31 January + 1 month = 28 or 29 February).
"""

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from accord.lib import formatting

Number = float | int | Decimal
Point = tuple[date, float]

ON_TRACK_SHORTFALL = 0.05
AT_RISK_SHORTFALL = 0.15
RANGE_AT_RISK_SHARE = 0.10
TREND_POINTS = 6
FLAT_SHARE_PER_MONTH = 0.01
FORECAST_HORIZON_DAYS = 365 * 100
MIN_FORECAST_POINTS = 3
# How long a KPI may go without a value before its status is stale, by measurement frequency.
PERIOD_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92, "yearly": 366}


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        """The value as a person reads it: "not_enough_data" is "Not enough data"."""
        return self.value.replace("_", " ").capitalize()


class Status(_Labelled):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    STALE = "stale"  # only in a story: no value for longer than the measurement period


class TrendState(_Labelled):
    IMPROVING = "improving"
    WORSENING = "worsening"
    FLAT = "flat"
    NOT_ENOUGH_DATA = "not_enough_data"


class ForecastState(StrEnum):
    REACHED = "reached"
    EXPECTED = "expected"
    NOT_AT_PACE = "not_at_pace"
    NOT_ENOUGH_DATA = "not_enough_data"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Plan:
    """What a KPI aims at. `target`/`target_date` for up and down, `low`/`high` for range."""

    direction: str  # "up", "down" or "range"
    baseline: float
    baseline_date: date
    target: float | None = None
    target_date: date | None = None
    low: float | None = None
    high: float | None = None

    @classmethod
    def of(
        cls,
        direction: str,
        baseline: Number,
        baseline_date: date,
        target: Number | None = None,
        target_date: date | None = None,
        low: Number | None = None,
        high: Number | None = None,
    ) -> "Plan":
        as_float = lambda v: None if v is None else float(v)  # noqa: E731
        return cls(
            direction,
            float(baseline),
            baseline_date,
            as_float(target),
            target_date,
            as_float(low),
            as_float(high),
        )

    @property
    def is_range(self) -> bool:
        return self.direction == "range"

    @property
    def has_path(self) -> bool:
        return (
            not self.is_range
            and self.target is not None
            and self.target_date is not None
            and self.target_date > self.baseline_date
        )

    @property
    def scale(self) -> float:
        """The size of the planned change (or of the range) that shares are taken of."""
        if self.is_range and self.low is not None and self.high is not None:
            return abs(self.high - self.low)
        if self.target is not None:
            return abs(self.target - self.baseline)
        return 0.0

    def planned(self, on: date) -> float | None:
        """The value the straight path gives on a date; None without a path."""
        if not self.has_path:
            return None
        assert self.target is not None and self.target_date is not None
        if on <= self.baseline_date:
            return self.baseline
        if on >= self.target_date:
            return self.target
        elapsed = (on - self.baseline_date).days / (self.target_date - self.baseline_date).days
        return self.baseline + (self.target - self.baseline) * elapsed


@dataclass(frozen=True)
class StatusResult:
    status: Status
    expected: float | None = None  # the planned value on the latest measurement's date
    shortfall: float | None = None  # share of the planned change (or range width) missed


@dataclass(frozen=True)
class Trend:
    state: TrendState
    slope_per_day: float | None = None
    points: int = 0


@dataclass(frozen=True)
class Forecast:
    state: ForecastState
    on: date | None = None
    on_time: bool | None = None  # for an expected date: no later than the target date

    @property
    def label(self) -> str:
        if self.state == ForecastState.EXPECTED and self.on:
            return f"Around {formatting.day(self.on)}"
        return {
            ForecastState.REACHED: "Reached",
            ForecastState.NOT_AT_PACE: "Not at the current pace",
            ForecastState.NOT_ENOUGH_DATA: f"Not enough data (needs {MIN_FORECAST_POINTS} values)",
            ForecastState.NO_DATA: "No data",
        }.get(self.state, "")


def kpi_status(plan: Plan, latest: Point | None) -> StatusResult:
    """On track, at risk or off track for the latest measurement (see the module docstring)."""
    if latest is None:
        return StatusResult(Status.NO_DATA)
    on, actual = latest
    if plan.is_range:
        return _range_status(plan, actual)
    expected = plan.planned(on)
    if expected is None or plan.scale == 0:
        return StatusResult(Status.NO_DATA)
    behind = expected - actual if plan.direction == "up" else actual - expected
    shortfall = max(behind, 0.0) / plan.scale
    return StatusResult(
        _grade(shortfall, ON_TRACK_SHORTFALL, AT_RISK_SHORTFALL), expected, shortfall
    )


def _range_status(plan: Plan, actual: float) -> StatusResult:
    if plan.low is None or plan.high is None or plan.scale == 0:
        return StatusResult(Status.NO_DATA)
    outside = max(plan.low - actual, actual - plan.high, 0.0)
    share = outside / plan.scale
    status = Status.ON_TRACK if outside == 0 else _grade(share, -1.0, RANGE_AT_RISK_SHARE)
    return StatusResult(status, None, share)


def _grade(share: float, on_track: float, at_risk: float) -> Status:
    # A tolerance so that a hand-worked 5 % is not 5.000000001 % in binary floating point.
    share = round(share, 12)
    if share <= on_track:
        return Status.ON_TRACK
    if share <= at_risk:
        return Status.AT_RISK
    return Status.OFF_TRACK


def least_squares_slope(points: Sequence[Point]) -> float | None:
    """Slope of value against day (per day); None for fewer than two distinct dates."""
    if len(points) < 2:
        return None
    origin = points[0][0]
    xs = [(d - origin).days for d, _ in points]
    ys = [float(v) for _, v in points]
    x_mean, y_mean = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - x_mean) ** 2 for x in xs)
    if spread == 0:
        return None
    return sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)) / spread


def kpi_trend(plan: Plan, points: Sequence[Point]) -> Trend:
    """The trend of the latest six measurements; `points` may come in any order."""
    recent = sorted(points)[-TREND_POINTS:]
    slope = least_squares_slope(recent)
    if slope is None:
        return Trend(TrendState.NOT_ENOUGH_DATA, None, len(recent))
    scale = plan.scale or abs(recent[-1][1]) or 1.0
    if abs(slope) * 30 < FLAT_SHARE_PER_MONTH * scale:
        return Trend(TrendState.FLAT, slope, len(recent))
    good = _good_sign(plan, recent[-1][1])
    state = TrendState.IMPROVING if slope * good > 0 else TrendState.WORSENING
    return Trend(state, slope, len(recent))


def _good_sign(plan: Plan, latest: float) -> float:
    """+1 when rising is better, -1 when falling is; for a range, towards the middle."""
    if plan.direction == "up":
        return 1.0
    if plan.direction == "down":
        return -1.0
    middle = ((plan.low or 0.0) + (plan.high or 0.0)) / 2
    return 1.0 if latest < middle else -1.0


def kpi_forecast(plan: Plan, latest: Point | None, trend: Trend) -> Forecast:
    """When the target will be reached at the current pace (see the module docstring)."""
    if latest is None:
        return Forecast(ForecastState.NO_DATA)
    on, actual = latest
    goal = _forecast_goal(plan, actual)
    if goal is None:
        return Forecast(ForecastState.REACHED)
    if trend.points < MIN_FORECAST_POINTS:
        return Forecast(ForecastState.NOT_ENOUGH_DATA)
    if trend.state != TrendState.IMPROVING or not trend.slope_per_day:
        return Forecast(ForecastState.NOT_AT_PACE)
    pace = (goal - actual) / trend.slope_per_day
    if not 0 <= pace <= FORECAST_HORIZON_DAYS:  # also NaN and infinity
        return Forecast(ForecastState.NOT_AT_PACE)
    try:
        when = on + timedelta(days=math.ceil(pace))
    except OverflowError:
        return Forecast(ForecastState.NOT_AT_PACE)
    on_time = None if plan.target_date is None else when <= plan.target_date
    return Forecast(ForecastState.EXPECTED, when, on_time)


def _forecast_goal(plan: Plan, actual: float) -> float | None:
    """The value still to reach; None when already there."""
    if plan.is_range:
        if plan.low is None or plan.high is None or plan.low <= actual <= plan.high:
            return None
        return plan.low if actual < plan.low else plan.high
    if plan.target is None:
        return None
    reached = actual >= plan.target if plan.direction == "up" else actual <= plan.target
    return None if reached else plan.target


@dataclass(frozen=True)
class Story:
    """What a KPI's figures say, once: a headline status and the sentence behind it."""

    status: Status
    text: str
    stale: bool = False
    # The forecast misses the target date by more than noise: what a "late" badge may say.
    forecast_late: bool = False


def kpi_story(
    plan: Plan,
    status: StatusResult,
    trend: Trend,
    forecast: Forecast,
    latest_on: date | None,
    today: date,
    frequency: str,
) -> Story:
    """The one story of a KPI's figures (see the module docstring)."""
    if latest_on is None:
        return Story(Status.NO_DATA, "No value yet: add the first measurement.")
    period = PERIOD_DAYS.get(frequency, PERIOD_DAYS["monthly"])
    if (today - latest_on).days > period:
        was = status.status.label.lower()
        return Story(
            Status.STALE,
            f"Stale: no value since {formatting.day(latest_on)}, and it is measured {frequency}."
            f" The last value was {was}; add the latest before trusting it.",
            stale=True,
        )
    if status.status == Status.NO_DATA or forecast.state == ForecastState.REACHED:
        reached = forecast.state == ForecastState.REACHED and not plan.is_range
        return Story(status.status, "The target is reached." if reached else _said(status))
    return _path_and_forecast(plan, status, trend, forecast)


def _late_beyond_noise(plan: Plan, when: date) -> bool:
    """Whether a forecast misses the target date by more than the path's own tolerance: the
    on-track share (5 %) of the planned duration. A KPI following its path forecasts the target
    date itself, give or take a few days of noise, which is no reason to call it at risk."""
    if plan.target_date is None:
        return False
    grace = ON_TRACK_SHORTFALL * (plan.target_date - plan.baseline_date).days
    return (when - plan.target_date).days > grace


def _said(status: StatusResult) -> str:
    return {
        Status.ON_TRACK: "On track.",
        Status.AT_RISK: "At risk: a little behind where it should be.",
        Status.OFF_TRACK: "Off track: well behind where it should be.",
    }.get(status.status, "No target to compare with.")


def _path_and_forecast(plan: Plan, status: StatusResult, trend: Trend, forecast: Forecast) -> Story:
    on_path = status.status == Status.ON_TRACK
    target_day = formatting.day(plan.target_date) if plan.target_date else "the target date"
    if forecast.state == ForecastState.NOT_ENOUGH_DATA:
        return Story(
            status.status,
            f"{_said(status)} Too few values to forecast: it takes {MIN_FORECAST_POINTS}.",
        )
    if forecast.state == ForecastState.EXPECTED and forecast.on is not None:
        when = formatting.day(forecast.on)
        late = forecast.on_time is False and _late_beyond_noise(plan, forecast.on)
        if on_path and late:
            return Story(
                Status.AT_RISK,
                f"On the planned path today, but at the recent pace the target is reached "
                f"around {when}, after {target_day}. Believe the forecast: it follows the "
                f"latest values, while the path only says where it should be today.",
                forecast_late=True,
            )
        if not on_path and forecast.on_time:
            return Story(
                status.status,
                f"{_said(status)} At the recent pace it still reaches the target around {when},"
                f" by {target_day}.",
            )
        return Story(status.status, f"{_said(status)} Forecast: around {when}.", forecast_late=late)
    if on_path and not plan.is_range:
        return Story(
            Status.AT_RISK,
            f"On the planned path today, but the recent trend is {trend.state.label.lower()}:"
            " at this pace the target is not reached. Believe the trend.",
        )
    return Story(status.status, f"{_said(status)} Not reached at the current pace.")


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the month's last day.
    Raises ValueError past year 9999."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1] if 1 <= year <= 9999 else 0
    if not last:
        raise ValueError("Date out of range.")
    return date(year, month + 1, min(day.day, last))
