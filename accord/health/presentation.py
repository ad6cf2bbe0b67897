"""What the health check shows but does not compute: its charts."""

from accord.health.checkup import Health
from accord.lib.radar import Series, radar_chart


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
