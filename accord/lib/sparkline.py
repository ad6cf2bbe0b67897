"""A sparkline: a small SVG line of a series of scores, for a table cell.

The scale is fixed (0 to `top`), not stretched to the series: a drop of two points must not
look like a fall. Missing values (None) break the line. Styled by classes only (CSP forbids
inline styles): `sparkline`, `sparkline-line`, `sparkline-last`.
"""

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString


def sparkline(
    values: Sequence[int | float | None],
    *,
    label: str,
    width: int = 96,
    height: int = 24,
    top: float = 100,
) -> SafeString:
    """The SVG of `values` (oldest first) between 0 and `top`, described by `label` for screen
    readers; empty when there is no value to draw."""
    if all(value is None for value in values):
        return SafeString("")
    step = width / max(len(values) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        clamped = min(max(value, 0), top)
        return round(index * step, 1), round(height - 1 - clamped / top * (height - 2), 1)

    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(point(index, value))
    path = " ".join("M" + " L".join(f"{x},{y}" for x, y in run) for run in runs if run)
    last_x, last_y = next(run[-1] for run in reversed(runs) if run)
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><path class="sparkline-line" d="{}"/>'
        '<circle class="sparkline-last" cx="{}" cy="{}" r="2"/></svg>',
        width,
        height,
        width,
        height,
        label,
        path,
        last_x,
        last_y,
    )
