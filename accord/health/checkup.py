"""The health check of a partnership, seen from a viewpoint: each practice's evidence score
with its figures and reasons, each party's perception, the gaps and flags, and recommendations.

`health_of(viewpoint, today)` is the one read every surface uses (the health page and API,
`accord health`, the daily snapshots, the portfolio through them, the QBR report). It calls
each practice's evidence provider (`Practice.evidence`) through the viewpoint, so a party's
private records count only in a view that includes that party.
"""

from dataclasses import dataclass
from datetime import date

from accord.core.evidence import Figure, RecordRef
from accord.core.practices import Practice, practices
from accord.core.viewpoint import Viewpoint
from accord.health.models import Band
from accord.surveys.perception import PartyPerception, Perception, perception_of


@dataclass(frozen=True)
class EvidenceScore:
    """A practice's evidence score: 0-100, or None (unknown) when there is no data."""

    score: int | None
    confidence: float  # 0-1, falls with little data; 0 when unknown
    figures: tuple[Figure, ...]
    reasons: tuple[str, ...]  # the formula in words, e.g. "3 of 4 commitments … kept → 75"


@dataclass(frozen=True)
class Flag:
    kind: str  # "perception_gap" (between parties) or "perception_vs_evidence"
    practice: int
    text: str


@dataclass(frozen=True)
class Recommendation:
    practice: int
    text: str
    records: tuple[RecordRef, ...]
    impact: int  # larger first


@dataclass(frozen=True)
class PracticeHealth:
    practice: Practice
    evidence: EvidenceScore
    perception: tuple[PartyPerception, ...]  # one per party
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class Health:
    viewpoint: Viewpoint
    today: date
    practices: tuple[PracticeHealth, ...]  # practice order
    overall: int | None
    band: Band
    perception: Perception
    flags: tuple[Flag, ...]
    recommendations: tuple[Recommendation, ...]  # by impact, largest first

    @property
    def weakest_first(self) -> tuple[PracticeHealth, ...]:
        """Practices with a score from lowest to highest, then the unknown ones."""
        known = [p for p in self.practices if p.evidence.score is not None]
        unknown = [p for p in self.practices if p.evidence.score is None]
        return tuple(sorted(known, key=lambda p: p.evidence.score or 0) + unknown)


def band_of(overall: int | None) -> Band:
    if overall is None:
        return Band.UNKNOWN
    if overall >= 75:
        return Band.GOOD
    return Band.FAIR if overall >= 50 else Band.POOR


def _score(figures: tuple[Figure, ...]) -> EvidenceScore:
    rated = [figure for figure in figures if figure.denominator]
    if not rated:
        return EvidenceScore(None, 0.0, figures, ("No data yet.",))
    score = round(100 * sum(figure.ratio or 0.0 for figure in rated) / len(rated))
    weight = sum(figure.denominator or 0 for figure in rated)
    reasons = tuple(f"{figure.name}: {figure.value} of {figure.denominator}" for figure in rated)
    return EvidenceScore(score, round(min(1.0, weight / 10), 2), figures, reasons)


def health_of(viewpoint: Viewpoint, today: date) -> Health:
    perception = perception_of(viewpoint.partnership)
    rows = tuple(
        PracticeHealth(
            practice,
            _score(practice.evidence_provider()(viewpoint, today).figures),
            perception.of(practice.number),
            (),
        )
        for practice in practices()
    )
    scores = [row.evidence.score for row in rows if row.evidence.score is not None]
    overall = round(sum(scores) / len(scores)) if scores else None
    return Health(viewpoint, today, rows, overall, band_of(overall), perception, (), ())
