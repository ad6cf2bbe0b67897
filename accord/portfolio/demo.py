"""The demo's portfolio: every demo party has a health check to show from the first page.

The health app's demo may already have left a history of daily snapshots (trends); a party
without any gets today's, through the one write path (`snapshot_take`)."""

from accord.core.models import Partnership, Party
from accord.health.models import Snapshot
from accord.health.snapshots import snapshot_take


def load_demo(partnerships: dict[str, Partnership]) -> None:
    checked = Snapshot.objects.values("party_id")
    parties = Party.objects.filter(partnership__in=list(partnerships.values()))
    for party in parties.exclude(pk__in=checked).select_related("organization", "partnership"):
        snapshot_take(party=party)
