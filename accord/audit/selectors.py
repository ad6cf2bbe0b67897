from django.db.models import QuerySet

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
