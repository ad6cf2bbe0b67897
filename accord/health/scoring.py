"""A practice's evidence score: a weighted mean of its figures' readings, with a confidence.

Each scored figure carries a `Reading` from its practice's provider (the rule stays next to the
figure's definition, decision 0026): `sound` of `out_of` records are as they should be, so the
figure scores 100 * sound / out_of, and `weight` says how much it counts in its practice.

    score       the weighted mean of the figures with data (out_of > 0), rounded; a figure
                `only_beside` other data (the exit plan) counts only when another figure has
                data. No figure with data: unknown (None), never 0 nor 100.
    confidence  volume x coverage, two decimals, 0 when unknown:
                volume   = min(1, n / FULL_CONFIDENCE_RECORDS), n the records behind the
                           largest scored figure (a score resting on 2 records is shaky)
                coverage = the weight of the figures with data / the weight of all the
                           practice's scored figures (a score from one corner of the practice)
"""

from collections.abc import Iterable
from dataclasses import dataclass

from accord.core.evidence import Figure, Reading

FULL_CONFIDENCE_RECORDS = 10
# The overall score is held to the weakest practice scored with this confidence + the margin.
FIRM = 0.5
WEAKEST_MARGIN = 25


@dataclass(frozen=True)
class Part:
    """One scored figure: its reading, the score it gives (0-100) and `gain`, the points the
    practice's score would gain were this figure at 100."""

    figure: Figure
    reading: Reading
    score: int
    gain: float

    @property
    def words(self) -> str:
        return f"{self.reading.says} → {self.score}"


@dataclass(frozen=True)
class EvidenceScore:
    """A practice's evidence score: 0-100, or None (unknown) when there is no data."""

    score: int | None
    confidence: float  # 0-1, falls with little data; 0 when unknown
    figures: tuple[Figure, ...]
    reasons: tuple[str, ...]  # the formula in words, e.g. "3 of 4 commitments … kept → 75"
    parts: tuple[Part, ...] = ()  # the figures that made the score, in figure order

    @property
    def weakest_part(self) -> Part | None:
        return min(self.parts, key=lambda p: (p.score, -p.reading.weight), default=None)

    @property
    def strongest_part(self) -> Part | None:
        return max(self.parts, key=lambda p: (p.score, p.reading.weight), default=None)


def _weight(value: float) -> str:
    return f"{value:g}"


def score_of(figures: Iterable[Figure]) -> EvidenceScore:
    """The evidence score of one practice's figures (see the module's docstring)."""
    figures = tuple(figures)
    readings = [(f, f.reading) for f in figures if f.reading is not None]
    with_data = [(f, r) for f, r in readings if r.out_of > 0]
    if not any(not r.only_beside for _, r in with_data):
        return EvidenceScore(None, 0.0, figures, ("No data yet: the score is unknown.",))
    total = sum(r.weight for _, r in with_data)
    scored = [(f, r, r.score or 0) for f, r in with_data]
    score = round(sum(r.weight * s for _, r, s in scored) / total)
    parts = tuple(Part(f, r, s, r.weight * (100 - s) / total) for f, r, s in scored)
    confidence, because = _confidence(readings, with_data)
    mean = ", ".join(f"{s} (weight {_weight(r.weight)})" for _, r, s in scored)
    reasons = (
        *(part.words for part in parts),
        f"Score: the weighted mean of {mean} → {score}.",
        because,
    )
    return EvidenceScore(score, confidence, figures, reasons, parts)


def _confidence(readings: list, with_data: list) -> tuple[float, str]:
    largest = max(r.out_of for _, r in with_data)
    volume = min(1.0, largest / FULL_CONFIDENCE_RECORDS)
    coverage = sum(r.weight for _, r in with_data) / sum(r.weight for _, r in readings)
    confidence = round(volume * coverage, 2)
    return confidence, (
        f"Confidence {confidence:.2f}: {largest} records behind the largest figure "
        f"({FULL_CONFIDENCE_RECORDS} or more for full confidence), "
        f"{round(100 * coverage)}% of the practice's figures with data."
    )


def overall_of(scores: Iterable[EvidenceScore]) -> tuple[int | None, str]:
    """The overall score: the mean of the known practice scores weighted by their confidence
    (a practice scored on little data moves it little), but never more than WEAKEST_MARGIN
    points above the weakest practice scored with confidence FIRM or more (a partnership with
    one practice at risk is not healthy, however well the others go). None when no practice is
    known."""
    known = [s for s in scores if s.score is not None and s.confidence > 0]
    if not known:
        return None, "No practice has data yet: the overall score is unknown."
    weight = sum(s.confidence for s in known)
    mean = round(sum((s.score or 0) * s.confidence for s in known) / weight)
    reason = f"the mean of {len(known)} practice scores weighted by their confidence, {mean}"
    firm = [s.score or 0 for s in known if s.confidence >= FIRM]
    if firm and mean > min(firm) + WEAKEST_MARGIN:
        ceiling = min(firm) + WEAKEST_MARGIN
        return ceiling, (
            f"Overall: {reason}, held to {ceiling}, {WEAKEST_MARGIN} points above the weakest "
            f"practice ({min(firm)}) → {ceiling}."
        )
    return mean, f"Overall: {reason} → {mean}."
