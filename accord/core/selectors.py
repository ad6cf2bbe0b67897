"""Reads of the core shared by pages and API."""

from collections.abc import Callable
from functools import cached_property

from django.core.paginator import Paginator
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


class CountedPaginator(Paginator):
    """A Paginator that is told how to count its list, when there is a cheaper way than
    counting the list's own query (see `access.visible_partnership_count`)."""

    def __init__(
        self, object_list: QuerySet[Partnership], per_page: int, count: Callable[[], int]
    ) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()
