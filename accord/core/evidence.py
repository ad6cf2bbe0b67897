"""What a practice's evidence provider returns: figures per party, with the records behind them.

The health check (issue 9) turns these into scores, gaps and recommendations; a recommendation
names the records behind a figure, so each figure carries their ids and labels. A provider is
`evidence(viewpoint, today) -> Evidence`, declared on the practice (`Practice.evidence`); it
reads through the viewpoint, so a party's private records count only in its own view.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model

from accord.core.models import Party


@dataclass(frozen=True)
class RecordRef:
    """One record behind a figure: `kind` is the model label (e.g. "alignment.objective"),
    `url` where it lives in the app (its `get_absolute_url()`; empty for a record without)."""

    kind: str
    id: int
    label: str
    url: str = ""

    @classmethod
    def of(cls, record: Model) -> "RecordRef":
        url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
        return cls(record._meta.label_lower, record.pk, str(record), url)


def refs(records: Iterable[Model]) -> tuple[RecordRef, ...]:
    return tuple(RecordRef.of(record) for record in records)


@dataclass(frozen=True)
class PartyFigure:
    """A figure for one party: `value` out of `denominator` (None where no ratio makes sense)."""

    party_id: int
    organization: str
    value: int
    denominator: int | None
    records: tuple[RecordRef, ...]

    @classmethod
    def of(cls, party: Party, records: list, denominator: int | None = None) -> "PartyFigure":
        return cls(party.pk, party.organization.name, len(records), denominator, refs(records))

    @property
    def ratio(self) -> float | None:
        return round(self.value / self.denominator, 4) if self.denominator else None


@dataclass(frozen=True)
class Figure:
    """A figure for the partnership, and per party where the records belong to one party
    (`parties` is empty for joint figures, such as goals without a KPI)."""

    key: str  # stable identifier, e.g. "objectives_covered"
    name: str  # what a person reads
    value: int
    denominator: int | None
    records: tuple[RecordRef, ...]
    parties: tuple[PartyFigure, ...] = ()
    note: str = ""  # a sentence the figure needs to be read (e.g. the value balance's verdict)

    @property
    def ratio(self) -> float | None:
        return round(self.value / self.denominator, 4) if self.denominator else None

    def of_party(self, party_id: int) -> PartyFigure | None:
        return next((p for p in self.parties if p.party_id == party_id), None)


@dataclass(frozen=True)
class Evidence:
    practice: int
    figures: tuple[Figure, ...] = field(default_factory=tuple)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def per_party(
    key: str,
    name: str,
    parties: Iterable[Party],
    counted: list,
    *,
    whole: list | None = None,
    note: str = "",
) -> Figure:
    """A figure whose records each belong to one party (`owner_party_id`): `counted` out of
    `whole` (no ratio without `whole`), in total and per party."""
    figures = tuple(
        PartyFigure.of(
            party,
            [r for r in counted if r.owner_party_id == party.pk],
            None if whole is None else sum(1 for r in whole if r.owner_party_id == party.pk),
        )
        for party in parties
    )
    denominator = None if whole is None else len(whole)
    return Figure(key, name, len(counted), denominator, refs(counted), figures, note)
