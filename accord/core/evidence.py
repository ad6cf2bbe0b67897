"""What a practice's evidence provider returns: figures per party, with the records behind them.

The health check (issue 12) turns these into scores, gaps and recommendations; a recommendation
names the records behind a figure, so each figure carries their ids and labels. A provider is
`evidence(viewpoint, today) -> Evidence`, declared on the practice (`Practice.evidence`); it
reads through the viewpoint, so a party's private records count only in its own view.

How a figure is scored is said next to its definition, by its provider: a figure that counts
towards the score carries a `Reading` (what share of its records are as they should be, its
weight in the practice, the sentence that says so and the action that would mend it), so the
health check names no practice (decision 0026). A figure without a reading is shown, not scored.
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
class Reading:
    """How the health check scores a figure: `sound` of `out_of` are as they should be (a
    figure counting bad things reads as the others: `against`), so its score is
    100 * sound / out_of; no score when `out_of` is 0. `weight` is its share of the practice's
    score. `says` is the figure in words ("3 of 4 commitments due in the last 90 days kept on
    time"); `fix` the next action and `attention` the records it is about. A figure `only_beside`
    other data (an absent exit plan) is a gap only where the practice has other data: alone
    it says nothing, and an empty partnership stays unknown."""

    sound: int
    out_of: int
    weight: float
    says: str
    fix: str = ""
    attention: tuple[RecordRef, ...] = ()
    only_beside: bool = False

    @classmethod
    def share(
        cls,
        good: int,
        whole: int,
        weight: float,
        says: str,
        fix: str = "",
        attention: Iterable[Model] = (),
        only_beside: bool = False,
    ) -> "Reading":
        """`good` of `whole` are as they should be: "{good} of {whole} {says}"."""
        words = f"{good} of {whole} {says}"
        return cls(good, whole, weight, words, fix, refs(attention), only_beside)

    @classmethod
    def against(
        cls,
        bad: int,
        whole: int,
        weight: float,
        says: str,
        fix: str = "",
        attention: Iterable[Model] = (),
    ) -> "Reading":
        """`bad` of `whole` are not as they should be: "{bad} of {whole} {says}", scored on the
        others (never below 0, however many bad there are)."""
        whole = max(whole, bad)
        return cls(whole - bad, whole, weight, f"{bad} of {whole} {says}", fix, refs(attention))

    @property
    def score(self) -> int | None:
        return round(100 * self.sound / self.out_of) if self.out_of else None


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
    reading: Reading | None = None  # how the health check scores it; None: shown, not scored

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
    reading: Reading | None = None,
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
    return Figure(key, name, len(counted), denominator, refs(counted), figures, note, reading)
