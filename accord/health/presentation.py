"""What the health check shows but does not compute: its charts, and its practices as rows
ready for the page to print."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from accord.core.evidence import Figure
from accord.health.checkup import Flag, Health, PracticeHealth, Recommendation
from accord.health.models import Confidence, Snapshot
from accord.lib.radar import Series, radar_chart
from accord.lib.svgchart import kpi_chart

T = TypeVar("T", Flag, Recommendation)


def health_radar(health: Health, *, chart_id: str = "health-radar") -> str:
    """The six practices on one radar: the evidence score, then each party's perception
    (scaled to 0-100) where enough of its people answered; an unknown has no vertex."""
    axes = [row.practice.tab_label for row in health.practices]
    series = [Series("Evidence", [row.evidence.score for row in health.practices])]
    for party in health.viewpoint.parties:
        values = [
            next((p.scaled for p in row.perception if p.party_id == party.pk), None)
            for row in health.practices
        ]
        if any(value is not None for value in values):
            series.append(Series(f"{party.organization.name} (perception)", values))
    return radar_chart(
        chart_id=chart_id,
        title=f"Health of {health.viewpoint.partnership.name}",
        description=(
            "Evidence score and each party's perception for the six practices, "
            "from 0 at the centre to 100 at the rim."
        ),
        axes=axes,
        series=series,
    )


@dataclass(frozen=True)
class PerceptionCell:
    """One party's perception of one practice as the page shows it: `average` None when fewer
    than the minimum of its people answered (or no round has closed)."""

    organization: str
    average: float | None
    respondents: int | None
    comments: tuple[str, ...]


@dataclass(frozen=True)
class PracticeRow:
    """One practice on the health page, ready to print."""

    number: int
    slug: str
    label: str
    name: str
    tab_url: str
    score: int | None
    confidence: Confidence
    reasons: tuple[str, ...]
    figures: tuple[Figure, ...]
    perception: tuple[PerceptionCell, ...]
    flags: tuple[Flag, ...]
    trend: SafeString  # SVG, every text in it escaped (accord.lib.svgchart)


def practice_rows(health: Health, trend: Sequence[Snapshot]) -> list[PracticeRow]:
    """Every practice of `health`, in practice order, with its small trend chart."""
    partnership = health.viewpoint.partnership
    return [
        PracticeRow(
            number=row.practice.number,
            slug=row.practice.slug,
            label=row.practice.tab_label,
            name=row.practice.name,
            tab_url=reverse(row.practice.tab_url, args=[partnership.pk]),
            score=row.evidence.score,
            confidence=Confidence.of(row.evidence.confidence),
            reasons=row.evidence.reasons,
            figures=row.evidence.figures,
            perception=perception_cells(health, row),
            flags=row.flags,
            trend=mark_safe(
                practice_trend_chart(row.practice.number, row.practice.tab_label, trend)
            ),
        )
        for row in health.practices
    ]


def perception_cells(health: Health, row: PracticeHealth) -> tuple[PerceptionCell, ...]:
    """Each party's perception of the practice, in party order, side by side."""
    cells = []
    for party in health.viewpoint.parties:
        seen = next((p for p in row.perception if p.party_id == party.pk and p.shown), None)
        cells.append(
            PerceptionCell(
                party.organization.name,
                seen.average if seen else None,
                seen.respondents if seen else None,
                seen.comments if seen else (),
            )
        )
    return tuple(cells)


def labelled(health: Health, items: Sequence[T]) -> list[tuple[str, T]]:
    """Each flag or recommendation with the label of its practice (its `practice` number)."""
    labels = {row.practice.number: row.practice.tab_label for row in health.practices}
    return [(labels.get(item.practice, ""), item) for item in items]


def _score_text(value: float) -> str:
    return str(round(value))


def overall_trend_chart(trend: Sequence[Snapshot]) -> str:
    """The overall score of each snapshot, on a 0-100 axis."""
    return kpi_chart(
        chart_id="health-trend-overall",
        title="Overall health over time",
        description="The overall evidence score of each day's snapshot, from 0 to 100.",
        actuals=[(s.taken_on, s.overall) for s in trend if s.overall is not None],
        value_range=(0, 100),
        value_text=_score_text,
        tick_text=_score_text,
        height=220,
        empty_text="No snapshots yet",
    )


def practice_trend_chart(number: int, label: str, trend: Sequence[Snapshot]) -> str:
    """A small chart of one practice's score in each snapshot (days it was unknown left out)."""
    points = []
    for snapshot in trend:
        score = snapshot.scores.get(str(number), {}).get("score")
        if isinstance(score, int | float):
            points.append((snapshot.taken_on, float(score)))
    return kpi_chart(
        chart_id=f"health-trend-{number}",
        title=f"{label} over time",
        description=f"The {label} evidence score of each day's snapshot, from 0 to 100.",
        actuals=points,
        value_range=(0, 100),
        value_text=_score_text,
        width=240,
        height=64,
        compact=True,
        empty_text="No trend yet",
    )
