"""Reads of the health check's surfaces (page, API, command) beyond `health_of`: whose
snapshots make a viewer's trend, and the trend itself."""

from datetime import date, timedelta

from accord.core.access import PartnershipAccess
from accord.core.models import Party
from accord.core.viewpoint import Viewpoint
from accord.health.models import Snapshot

TREND_DAYS = 120  # what the page shows, and the API's default window
TREND_LIMIT = 400  # the most snapshots one answer holds (more than a year of days)


def trend_party(viewpoint: Viewpoint) -> Party | None:
    """The party whose snapshots make the trend seen from `viewpoint`: the first of those whose
    private records it counts, in party order. Never another organization's: a party's
    snapshots count its private records. None for the shared viewpoint."""
    return next((p for p in viewpoint.parties if p.pk in viewpoint.party_ids), None)


def party_to_snapshot(grant: PartnershipAccess) -> Party | None:
    """The party whose snapshot the user may take on demand: the trend's party, when they may
    edit for it (not a viewer, not an archive)."""
    party = trend_party(grant.viewpoint)
    return party if party in grant.editing_parties else None


def trend_since(today: date) -> date:
    return today - timedelta(days=TREND_DAYS)


def trend_of(party: Party | None, *, since: date, limit: int = TREND_LIMIT) -> list[Snapshot]:
    """`party`'s newest `limit` snapshots taken on or after `since`, oldest first, in one
    query (without the figures, which the trend does not show)."""
    if party is None:
        return []
    newest = (
        Snapshot.objects.filter(party=party, taken_on__gte=since)
        .defer("figures", "perception")
        .order_by("-taken_on")[:limit]
    )
    return sorted(newest, key=lambda snapshot: snapshot.taken_on)
