"""API of the health check: the health of a partnership as the caller sees it, and their own
party's snapshots (its trend), taken daily by the worker or now on demand."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Query, Status

from accord.accounts.http import AuthedRequest
from accord.api.operations import ApiRouter, PartnershipId
from accord.core import access
from accord.health import selectors
from accord.health.checkup import health_of
from accord.health.schemas import HealthOut, SnapshotOut, SnapshotsOut, SnapshotsQuery
from accord.health.snapshots import snapshot_take

router = ApiRouter(
    "health",
    "The health check of a partnership: each practice's evidence score with its figures, "
    "reasons and confidence, each party's perception from the surveys, the flags, the "
    "recommendations naming their records, and the trend from your party's daily snapshots.",
)
HEALTH = "/partnerships/{id:partnership_id}/health"


@router.get(HEALTH, response={200: HealthOut})
def health_get(request: AuthedRequest, partnership_id: PartnershipId) -> HealthOut:
    """Read the partnership's health check.

    Per practice the evidence (score 0-100 or null when unknown, confidence, figures with the
    records behind them, the formula in words), each party's perception (average and
    respondents only where enough of its people answered), and flags; the practices weakest
    first; the recommendations by impact, each naming its records with their `url`. Counted
    as you see the partnership: your organization's private records count, no other's.
    """
    grant = access.partnership_access(request.user, partnership_id)
    return HealthOut.of(health_of(grant.viewpoint, timezone.localdate()))


@router.get(f"{HEALTH}/snapshots", response={200: SnapshotsOut})
def health_snapshot_list(
    request: AuthedRequest, partnership_id: PartnershipId, query: Query[SnapshotsQuery]
) -> SnapshotsOut:
    """Read your party's health snapshots: the trend.

    One a day (the worker's, or one taken on demand), oldest first, from `since` (by default
    120 days ago), at most `limit` of the newest. Only your own party's: a party's snapshots
    count its private records.
    """
    grant = access.partnership_access(request.user, partnership_id)
    today = timezone.localdate()
    party = selectors.trend_party(grant.viewpoint)
    since = query.since or selectors.trend_since(today)
    trend = selectors.trend_of(party, since=since, limit=query.limit)
    return SnapshotsOut(
        party=party.pk if party else None, snapshots=[SnapshotOut.of(s) for s in trend]
    )


@router.post(f"{HEALTH}/snapshots", response={201: SnapshotOut})
def health_snapshot_take(request: AuthedRequest, partnership_id: PartnershipId) -> Status:
    """Take your party's snapshot of today now.

    Replaces today's snapshot if there is one. By those who may edit for your party; a
    snapshot is derived data, worked out again from the records, and not audited.
    """
    grant = access.partnership_access(request.user, partnership_id, "edit")
    party = selectors.party_to_snapshot(grant)
    if party is None:
        raise PermissionDenied("Only those who may edit for your party take its snapshot.")
    snapshot = snapshot_take(party=party, today=timezone.localdate())
    return Status(201, SnapshotOut.of(snapshot))
