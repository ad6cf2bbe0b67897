from django.db.models import QuerySet

from accord.audit.models import AuditEvent
from accord.core.access import PartnershipAccess


def partnership_history(grant: PartnershipAccess) -> QuerySet[AuditEvent]:
    """The events the grant's holder sees, newest first: the partnership's shared chain and the
    private chains of their own organizations, merged by time (each chain numbers only its own
    events, so no number tells of events in a chain the holder does not see)."""
    return (
        AuditEvent.objects.filter(partnership=grant.partnership)
        .visible_to_organizations(grant.org_ids)
        .order_by("-at", "-id")
    )
