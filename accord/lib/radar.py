"""A server-drawn SVG radar chart (the health check's six practices), under the same rules as
`accord.lib.svgchart`: presentation attributes and classes only, every text escaped, so the
same string serves the page and the PDF report.

Each axis runs from 0 at the centre to 100 at the rim. A series is one polygon; an axis whose
value is unknown (None) has no vertex on it, and the polygon joins its neighbours across it, so
an unknown is never drawn as 0.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from accord.lib.svgchart import AXIS_COLOUR, FONT, TEXT_COLOUR

# Distinguishable for the usual colour blindnesses; each series also has its own dash pattern.
SERIES_COLOURS = ("#0f5f5b", "#b35c00", "#5b3f99", "#2f6db3", "#8a2d5c")
DASHES = ("", "6 4", "2 3", "8 3 2 3", "1 4")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per axis, 0-100, None when unknown


def _point(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1)


def radar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    axes: Sequence[str],
    series: Sequence[Series],
    size: int = 360,
) -> str:
    """The SVG document of one radar chart with a legend under it."""
    ident = escape(chart_id, quote=True)
    count = len(axes)
    legend_height = 20 * len(series) + 8
    height = size + legend_height
    cx = cy = size / 2
    rim = size / 2 - 70  # room for the axis labels
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart radar"'
        f' width="{size}" height="{height}" viewBox="0 0 {size} {height}"'
        f' role="img" aria-labelledby="{ident}-title {ident}-desc"'
        f' font-family="{escape(FONT, quote=True)}" font-size="12">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    ]
    for level in (25, 50, 75, 100):
        ring = " ".join(
            "{},{}".format(*_point(cx, cy, rim * level / 100, i, count)) for i in range(count)
        )
        parts.append(
            f'<polygon points="{ring}" fill="none" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        )
    for index, name in enumerate(axes):
        x, y = _point(cx, cy, rim, index, count)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}" stroke="{AXIS_COLOUR}"/>')
        lx, ly = _point(cx, cy, rim + 16, index, count)
        anchor = "middle" if abs(lx - cx) < 1 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{lx}" y="{ly + 4}" text-anchor="{anchor}" fill="{TEXT_COLOUR}">'
            f"{escape(name)}</text>"
        )
    for number, line in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        dash = DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        known = [
            (_point(cx, cy, rim * max(0.0, min(100.0, value)) / 100, i, count), axes[i], value)
            for i, value in enumerate(line.values)
            if value is not None
        ]
        points = " ".join(f"{x},{y}" for (x, y), _, _ in known)
        if len(known) > 2:
            parts.append(
                f'<polygon class="radar-series" points="{points}" fill="{colour}"'
                f' fill-opacity="0.12" stroke="{colour}" stroke-width="2"{dash_attr}/>'
            )
        elif len(known) == 2:
            parts.append(
                f'<polyline class="radar-series" points="{points}" fill="none"'
                f' stroke="{colour}" stroke-width="2"{dash_attr}/>'
            )
        for (x, y), axis, value in known:
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}">'
                f"<title>{escape(line.label)}: {escape(axis)} {round(value)}</title></circle>"
            )
        ly = size + 12 + 20 * number
        parts.append(
            f'<line x1="16" y1="{ly}" x2="40" y2="{ly}" stroke="{colour}" stroke-width="3"'
            f"{dash_attr}/>"
            f'<text x="48" y="{ly + 4}" fill="{TEXT_COLOUR}">{escape(line.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
