from django.db.models import Q, QuerySet

from accord.audit.models import AuditEvent, ChainHead
from accord.audit.services import private_chain, shared_chain
from accord.core.viewpoint import Viewpoint


def partnership_history(viewpoint: Viewpoint) -> QuerySet[AuditEvent]:
    """The events seen from `viewpoint`, newest first: the partnership's shared chain and the
    private chains of its organizations, merged by time (each chain numbers only its own
    events, so no number tells of events in a chain the viewer does not see)."""
    return (
        AuditEvent.objects.filter(partnership=viewpoint.partnership)
        .visible_to_organizations(viewpoint.organization_ids)
        .order_by("-at", "-id")
    )


def seen_heads(viewpoint: Viewpoint) -> list[tuple[str, int, str]]:
    """(chain, seq, digest) of the head of each chain seen from `viewpoint`: the partnership's
    shared chain and the private chains of its organizations. Every change of partnership data
    moves one of them (decision 0002), so they name the state of what the viewer may see."""
    partnership_id = viewpoint.partnership.pk
    chains = [shared_chain(partnership_id)]
    chains += [private_chain(partnership_id, o) for o in sorted(viewpoint.organization_ids)]
    heads = ChainHead.objects.filter(chain__in=chains).order_by("chain")
    return list(heads.values_list("chain", "seq", "digest"))


def partnership_changes(
    viewpoint: Viewpoint, after: dict[str, int], limit: int
) -> list[AuditEvent]:
    """Up to `limit` events seen from `viewpoint` (exactly `partnership_history`'s) that come
    after the position `after` ({chain: last seq read}; a chain not named is read from its
    start), in the order they were written.

    Each chain's events are numbered one after the other under its head's lock, and written
    under the partnership's lock, so the id order is the order of the commits and each chain's
    events come in their `seq` order: a position per chain misses nothing that commits later,
    and names only numbers of chains the viewer sees."""
    events = partnership_history(viewpoint)
    if after:
        unread = Q()
        for chain, seq in after.items():
            unread |= Q(chain=chain, seq__gt=seq)
        events = events.filter(unread | ~Q(chain__in=list(after)))
    return list(events.order_by("id")[:limit])


def position_after(after: dict[str, int], events: list[AuditEvent]) -> dict[str, int]:
    """The position once `events` (from `partnership_changes`) are read."""
    position = dict(after)
    for event in events:
        position[event.chain] = max(position.get(event.chain, 0), event.seq)
    return position
