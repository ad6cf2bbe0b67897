"""Changes to objectives, shared goals, endorsements and links."""

from accord.alignment.models import Objective
from accord.core.access import PartnershipAccess
from accord.core.records import record_create


def objective_create(
    *,
    grant: PartnershipAccess,
    actor,
    title: str,
    description: str = "",
    priority: str = "medium",
    horizon: str = "medium",
    status: str = "active",
    visibility: str = "shared",
) -> Objective:
    """A new objective of the user's party (the first they may edit for)."""
    objective = Objective(
        partnership=grant.partnership,
        owner_party=grant.editing_parties[0],
        title=title,
        description=description,
        priority=priority,
        horizon=horizon,
        status=status,
        visibility=visibility,
    )
    return record_create(record=objective, actor=actor)
