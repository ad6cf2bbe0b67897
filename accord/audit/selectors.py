from django.db.models import QuerySet

from accord.audit.models import AuditEvent
from accord.core.access import PartnershipAccess


def partnership_history(grant: PartnershipAccess) -> QuerySet[AuditEvent]:
    """The partnership's events, newest first, less those private to other organizations."""
    return (
        AuditEvent.objects.filter(partnership=grant.partnership)
        .visible_to_organizations(grant.org_ids)
        .order_by("-seq")
    )
