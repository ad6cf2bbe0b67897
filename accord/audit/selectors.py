from django.db.models import QuerySet

from accord.audit.models import AuditEvent
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
