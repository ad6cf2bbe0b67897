"""What the Contingency tab shows but does not compute: the 5 x 5 heat map of the live risks.

The heat map is one SVG document with presentation attributes only (no style attribute, no
script: the CSP forbids them), so the same string works inline in the page and in a PDF report.
Likelihood runs left to right, impact bottom to top; each cell is coloured by its score band and
says how many risks sit there, its <title> naming them (every text escaped).
"""

from html import escape

from accord.contingency.models import HIGH_SCORE, SCALE, Risk
from accord.lib.svgchart import FONT, TEXT_COLOUR

CELL = 64
MARGIN = 44  # room for the axis labels, left and bottom
# Score bands, from the highest: the colour of a cell whose likelihood x impact reaches it.
BANDS = ((HIGH_SCORE, "#d9534f", "high"), (8, "#f0ad4e", "medium"), (1, "#a8d5a2", "low"))


def band_of(score: int) -> tuple[str, str]:
    """The colour and name of the band a score falls in."""
    return next((colour, name) for floor, colour, name in BANDS if score >= floor)


def heat_map(cells: dict[tuple[int, int], list[Risk]], *, chart_id: str = "heat-map") -> str:
    """The SVG document of the heat map of `cells` ((likelihood, impact) → the risks there)."""
    size = SCALE[1] - SCALE[0] + 1
    width = height = MARGIN + size * CELL + 8
    ident = escape(chart_id, quote=True)
    total = sum(len(risks) for risks in cells.values())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heat-map" width="{width}"'
        f' height="{height}" viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc"'
        f' font-family="{escape(FONT, quote=True)}" font-size="12">'
        f'<title id="{ident}-title">Risk heat map</title>'
        f'<desc id="{ident}-desc">{total} live risk{"s" if total != 1 else ""} by likelihood'
        " (left to right) and impact (bottom to top).</desc>"
    ]
    for (likelihood, impact), risks in sorted(cells.items()):
        x = MARGIN + (likelihood - SCALE[0]) * CELL
        y = 8 + (SCALE[1] - impact) * CELL
        score = likelihood * impact
        colour, band = band_of(score)
        names = "; ".join(f"{risk.title} ({risk.score})" for risk in risks) or "No risk"
        label = f"Likelihood {likelihood}, impact {impact}, score {score} ({band}): {names}"
        parts.append(
            f'<g class="heat-cell heat-{band}"><title>{escape(label)}</title>'
            f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" fill="{colour}"'
            f' fill-opacity="{0.95 if risks else 0.3}" rx="3"/>'
        )
        if risks:
            parts.append(
                f'<text x="{x + CELL // 2 - 1}" y="{y + CELL // 2 + 6}" text-anchor="middle"'
                f' font-size="18" font-weight="bold" fill="#1d2527">{len(risks)}</text>'
            )
        parts.append("</g>")
    for step in range(size):
        value = SCALE[0] + step
        across = MARGIN + step * CELL + CELL // 2
        up = 8 + (size - 1 - step) * CELL + CELL // 2 + 4
        label = f'text-anchor="middle" fill="{TEXT_COLOUR}">{value}</text>'
        parts.append(
            f'<text x="{across}" y="{height - 22}" {label}<text x="{MARGIN - 12}" y="{up}" {label}'
        )
    parts.append(
        f'<text x="{MARGIN + size * CELL // 2}" y="{height - 4}" text-anchor="middle"'
        f' fill="{TEXT_COLOUR}">Likelihood</text>'
        f'<text x="12" y="{8 + size * CELL // 2}" text-anchor="middle" fill="{TEXT_COLOUR}"'
        f' transform="rotate(-90 12 {8 + size * CELL // 2})">Impact</text></svg>'
    )
    return "".join(parts)
