"""Whose eyes a read is made through: a partnership and the parties whose private records count.

Selectors take a `Viewpoint`, never a user's grant, so pages, the API, background jobs, health
snapshots and the portfolio reuse them: `grant.viewpoint` for a signed-in user (the parties
through which they see the partnership), `Viewpoint.of_party(party)` for work done on a party's
behalf, `Viewpoint.shared(partnership)` for what every party may see. Another organization's
private records never enter a figure computed through a viewpoint that does not include it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.core.models import Partnership, PartnershipRecord, Party, Visibility


@dataclass(frozen=True)
class Viewpoint:
    partnership: Partnership
    parties: tuple[Party, ...]  # every party of the partnership, organization loaded
    party_ids: frozenset[int]  # parties whose private records may be counted

    @classmethod
    def of_party(cls, party: Party) -> "Viewpoint":
        """What `party` sees of its partnership: shared records and its own private ones."""
        return cls._of(party.partnership, frozenset({party.pk}))

    @classmethod
    def shared(cls, partnership: Partnership) -> "Viewpoint":
        """Only what every party sees: no private record at all."""
        return cls._of(partnership, frozenset())

    @classmethod
    def _of(cls, partnership: Partnership, party_ids: frozenset[int]) -> "Viewpoint":
        parties = Party.objects.filter(partnership=partnership).select_related("organization")
        return cls(partnership, tuple(parties), party_ids)

    @property
    def organization_ids(self) -> frozenset[int]:
        """The organizations of the parties whose private records count (audit events are
        private to an organization, not a party)."""
        return frozenset(p.organization_id for p in self.parties if p.pk in self.party_ids)

    def sees(self, record: PartnershipRecord) -> bool:
        """Whether a record already read is seen from here: what `records` would let through."""
        return record.partnership_id == self.partnership.pk and (
            record.visibility == Visibility.SHARED or record.owner_party_id in self.party_ids
        )

    def records(self, queryset: QuerySet) -> QuerySet:
        """The partnership's records of one kind seen from here."""
        return queryset.filter(partnership=self.partnership).filter(
            Q(visibility=Visibility.SHARED) | Q(owner_party__in=self.party_ids)
        )


def records_seen_from(viewpoints: Sequence["Viewpoint"], queryset: QuerySet) -> QuerySet:
    """The records of one kind seen from at least one of `viewpoints` (of any partnerships), in
    one query whatever their number: for reads across a user's partnerships (the calendar feed).

    A private record is owned by a party of its own partnership, so matching its owner against
    the parties of every viewpoint lets in only those private to a party some viewpoint counts."""
    partnerships = {viewpoint.partnership.pk for viewpoint in viewpoints}
    parties = {pk for viewpoint in viewpoints for pk in viewpoint.party_ids}
    return queryset.filter(partnership__in=partnerships).filter(
        Q(visibility=Visibility.SHARED) | Q(owner_party__in=parties)
    )
