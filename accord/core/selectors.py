"""Reads of the core shared by pages and API."""

from django.db.models import Count, Prefetch, QuerySet

from accord.core.access import PartnershipAccess
from accord.core.models import Partnership, Party


def partnership_list(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """Partnerships with their parties and organizations: three queries however many there are."""
    parties = Party.objects.select_related("organization").annotate(team_size=Count("team"))
    return partnerships.prefetch_related(Prefetch("parties", queryset=parties)).order_by(
        "name", "id"
    )


def party_list(grant: PartnershipAccess) -> list[Party]:
    """The parties with their teams, already loaded when access was checked."""
    return list(grant.parties)
