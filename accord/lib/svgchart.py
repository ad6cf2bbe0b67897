"""Server-drawn SVG line charts: no JavaScript and no style attributes (the CSP forbids inline
styles), only presentation attributes and classes, so that the same string works inline in a
page and embedded in a PDF report. Every text is escaped.

A chart plots actual values (a polyline with a dot per value) against a planned path (a dashed
straight line) with a target marker and, for a range, the band to stay within.

Every number and date it writes goes through accord/lib/formatting.py: the caller passes how a
value reads (a KPI's `measure.value`), so a dot's tooltip says what the page says.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from accord.lib import formatting

Point = tuple[date, float]
ValueText = Callable[[float], str]

ACTUAL_COLOUR = "#0f5f5b"
PLAN_COLOUR = "#7a8588"
TARGET_COLOUR = "#b3261e"
BAND_COLOUR = "#e5f1f0"
AXIS_COLOUR = "#c2cbcc"
TEXT_COLOUR = "#5a676b"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"


@dataclass(frozen=True)
class Frame:
    """Maps dates and values onto the drawing area."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    first: date
    last: date
    low: float
    high: float

    def x(self, day: date) -> float:
        span = (self.last - self.first).days or 1
        inner = self.width - self.left - self.right
        return round(self.left + inner * (day - self.first).days / span, 1)

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        inner = self.height - self.top - self.bottom
        return round(self.height - self.bottom - inner * (value - self.low) / span, 1)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2 or 5 * 10^n apart) within [low, high]."""
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start = math.ceil(low / step) * step
    ticks: list[float] = []
    value = start
    while value <= high + step * 1e-9 and len(ticks) < 12:
        ticks.append(round(value, 10))
        value += step
    return ticks


def date_ticks(first: date, last: date, count: int = 4) -> list[date]:
    span = (last - first).days
    if span <= 0:
        return [first]
    return sorted({first + timedelta(days=round(span * i / (count - 1))) for i in range(count)})


def _label_number(value: float) -> str:
    return formatting.compact(value)


def _label_date(day: date, span_days: int) -> str:
    return formatting.day(day) if span_days < 120 else formatting.month(day)


def _plain(value: float) -> str:
    return formatting.number(value)


def _frame(
    points: Sequence[Point],
    extra_values: list[float],
    width: int,
    height: int,
    compact: bool,
    value_range: tuple[float, float] | None = None,
) -> Frame:
    days = [d for d, _ in points]
    first, last = _widen(min(days), max(days))
    margins = (8, 8, 8, 8) if compact else (56, 40, 16, 32)  # room for the last date label
    if value_range is not None:
        return Frame(width, height, *margins, first, last, *value_range)
    values = [v for _, v in points] + extra_values
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    return Frame(width, height, *margins, first, last, low - pad, high + pad)


def _widen(first: date, last: date) -> tuple[date, date]:
    """A span of at least two days around a single date, within the calendar (a value dated
    1 January of year 1 has no day before it)."""
    if first != last:
        return first, last
    if first > date.min:
        first -= timedelta(days=1)
    if last < date.max:
        last += timedelta(days=1)
    return first, last


def kpi_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    actuals: Sequence[Point],
    plan: tuple[Point, Point] | None = None,
    target: Point | None = None,
    band: tuple[float, float] | None = None,
    width: int = 640,
    height: int = 280,
    compact: bool = False,
    value_text: ValueText = _plain,
    tick_text: ValueText = _label_number,
    value_range: tuple[float, float] | None = None,
    empty_text: str = "No measurements yet",
) -> str:
    """The SVG document of one chart; an empty-state chart (saying `empty_text`) when there
    is nothing to plot. The value axis spans the values plotted, or `value_range` when given
    (a rate: 0 to 100 whatever the values); its ticks read as `tick_text` says."""
    anchor_points = list(actuals) + list(plan or ()) + ([target] if target else [])
    ident = escape(chart_id, quote=True)
    classes = "chart chart-compact" if compact else "chart"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}"'
        f' width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' role="img" aria-labelledby="{ident}-title {ident}-desc"'
        f' font-family="{escape(FONT, quote=True)}" font-size="12">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )
    if not anchor_points:
        empty = (
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{TEXT_COLOUR}"'
            f' class="chart-empty">{escape(empty_text)}</text>'
        )
        return head + empty + "</svg>"
    frame = _frame(anchor_points, list(band or ()), width, height, compact, value_range)
    parts = [head]
    if band:
        parts.append(_band(frame, band))
    if not compact:
        parts.append(_axes(frame, tick_text))
    if plan:
        parts.append(_plan(frame, plan, value_text))
    if target:
        parts.append(_target(frame, target, compact, value_text))
    if actuals:
        parts.append(_actuals(frame, actuals, compact, value_text))
    parts.append("</svg>")
    return "".join(parts)


def _band(frame: Frame, band: tuple[float, float]) -> str:
    top, bottom = frame.y(max(band)), frame.y(min(band))
    return (
        f'<rect class="chart-band" x="{frame.left}" y="{top}"'
        f' width="{frame.width - frame.left - frame.right}" height="{round(bottom - top, 1)}"'
        f' fill="{BAND_COLOUR}"/>'
    )


def _axes(frame: Frame, tick_text: ValueText) -> str:
    base_y, right_x = frame.height - frame.bottom, frame.width - frame.right
    parts = [
        f'<g class="chart-axes" stroke="{AXIS_COLOUR}" stroke-width="1">'
        f'<line x1="{frame.left}" y1="{frame.top}" x2="{frame.left}" y2="{base_y}"/>'
        f'<line x1="{frame.left}" y1="{base_y}" x2="{right_x}" y2="{base_y}"/></g>',
        f'<g class="chart-ticks" fill="{TEXT_COLOUR}">',
    ]
    for value in nice_ticks(frame.low, frame.high):
        y = frame.y(value)
        if frame.top - 0.5 <= y <= base_y + 0.5:
            parts.append(
                f'<line x1="{frame.left - 4}" y1="{y}" x2="{frame.left}" y2="{y}"'
                f' stroke="{AXIS_COLOUR}"/>'
                f'<text class="chart-tick-value" x="{frame.left - 8}" y="{y + 4}"'
                f' text-anchor="end">{escape(tick_text(value))}</text>'
            )
    span = (frame.last - frame.first).days
    for day in date_ticks(frame.first, frame.last):
        x = frame.x(day)
        parts.append(
            f'<line x1="{x}" y1="{base_y}" x2="{x}" y2="{base_y + 4}" stroke="{AXIS_COLOUR}"/>'
            f'<text class="chart-tick-date" x="{x}" y="{base_y + 18}"'
            f' text-anchor="middle">{escape(_label_date(day, span))}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _plan(frame: Frame, plan: tuple[Point, Point], text: ValueText) -> str:
    (d1, v1), (d2, v2) = plan
    return (
        f'<path class="chart-plan" d="M {frame.x(d1)} {frame.y(v1)} L {frame.x(d2)} {frame.y(v2)}"'
        f' fill="none" stroke="{PLAN_COLOUR}" stroke-width="2" stroke-dasharray="6 4">'
        f"<title>Planned path: {escape(text(v1))} on {escape(formatting.day(d1))} to "
        f"{escape(text(v2))} on {escape(formatting.day(d2))}</title></path>"
    )


def _target(frame: Frame, target: Point, compact: bool, text: ValueText) -> str:
    day, value = target
    x, y = frame.x(day), frame.y(value)
    size = 4 if compact else 6
    diamond = f"M {x} {y - size} L {x + size} {y} L {x} {y + size} L {x - size} {y} Z"
    label = ""
    if not compact:
        label = (
            f'<text x="{x - 8}" y="{y - 10}" text-anchor="end" fill="{TARGET_COLOUR}">Target</text>'
        )
    return (
        f'<g class="chart-target"><path d="{diamond}" fill="{TARGET_COLOUR}">'
        f"<title>Target: {escape(text(value))} by {escape(formatting.day(day))}</title></path>"
        f"{label}</g>"
    )


def _actuals(frame: Frame, actuals: Sequence[Point], compact: bool, text: ValueText) -> str:
    ordered = sorted(actuals)
    coords = " ".join(f"{frame.x(d)},{frame.y(v)}" for d, v in ordered)
    radius = 2 if compact else 3.5
    dots = "".join(
        f'<circle cx="{frame.x(d)}" cy="{frame.y(v)}" r="{radius}" fill="{ACTUAL_COLOUR}">'
        f"<title>{escape(text(v))} on {escape(formatting.day(d))}</title></circle>"
        for d, v in ordered
    )
    return (
        f'<polyline class="chart-actual" points="{coords}" fill="none"'
        f' stroke="{ACTUAL_COLOUR}" stroke-width="2" stroke-linejoin="round"/>'
        f'<g class="chart-points">{dots}</g>'
    )
