"""Snapshots as the health check would leave them, with chosen figures (snapshots are derived
data: the portfolio only reads them, so its tests write the values they need)."""

from datetime import date, timedelta

from django.utils import timezone

from accord.core.models import Party
from accord.health.checkup import band_of
from accord.health.models import Snapshot
from accord.health.snapshots import change_since

# The views read the clock (timezone.localdate); the snapshots are dated around it.
TODAY = timezone.localdate()


def snapshot(
    party: Party,
    overall: int | None,
    *,
    taken_on: date = TODAY,
    weakest: int | None = 2,
    overdue: int = 0,
    high_risks: int = 0,
    planned: int = 0,
    balanced: int = 1,
    weighed: int = 1,
    next_review: date | None = None,
    latest: bool = True,
) -> Snapshot:
    Snapshot.objects.filter(party=party, taken_on=taken_on).delete()  # one a day
    if latest:
        Snapshot.objects.filter(party=party, latest=True).update(latest=False)
    return Snapshot.objects.create(
        partnership_id=party.partnership_id,
        party=party,
        taken_on=taken_on,
        overall=overall,
        band=band_of(overall),
        weakest=weakest,
        figures={
            "commitments_overdue": [overdue, None],
            "high_risks_planned": [planned, high_risks],
            "value_balance": [balanced, weighed],
        },
        next_review=next_review or TODAY + timedelta(days=60),
        latest=latest,
        change=change_since(party, taken_on, overall),
    )


def history(party: Party, scores: list[int], *, every: int = 7, **latest) -> Snapshot:
    """Snapshots `every` days apart ending TODAY, oldest first; the last is the latest."""
    for i, score in enumerate(scores[:-1]):
        taken_on = TODAY - timedelta(days=every * (len(scores) - 1 - i))
        snapshot(party, score, taken_on=taken_on, latest=False)
    return snapshot(party, scores[-1], **latest)
