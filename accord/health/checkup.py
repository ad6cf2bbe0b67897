"""The health check of a partnership, seen from a viewpoint: each practice's evidence score
with its figures and reasons, each party's perception, the gaps and flags, and recommendations.

`health_of(viewpoint, today)` is the one read every surface uses (the health page and API,
`accord health`, the daily snapshots, the portfolio through them, the QBR report). It calls
each practice's evidence provider (`Practice.evidence`) through the viewpoint, so a party's
private records count only in a view that includes that party.

The formulas (decision 0026): each practice's score and confidence in `health.scoring`, from
the readings its provider puts on its figures; the flags in `health.flags`; the
recommendations and their impact in `health.recommendations`.
"""

from dataclasses import dataclass
from datetime import date

from accord.core.practices import Practice, practices
from accord.core.viewpoint import Viewpoint
from accord.health.flags import Flag, perception_gaps, perception_vs_evidence
from accord.health.models import Band
from accord.health.recommendations import Recommendation, recommendations_of
from accord.health.scoring import EvidenceScore, overall_of, score_of
from accord.surveys.perception import PartyPerception, Perception, perception_of

__all__ = [
    "EvidenceScore",
    "Flag",
    "Health",
    "PracticeHealth",
    "Recommendation",
    "band_of",
    "health_of",
]


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
    overall_reason: str = ""  # how the overall score was made, in words

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


def name_of(practice: Practice) -> str:
    """The practice as read in a sentence: "trust", "long-term"."""
    return practice.tab_label.lower()


def health_of(viewpoint: Viewpoint, today: date) -> Health:
    """The health check seen from `viewpoint` on `today`: a constant number of queries, whatever
    the data (each provider reads its practice in a fixed number)."""
    perception = perception_of(viewpoint.partnership)
    found = practices()
    names = {practice.number: name_of(practice) for practice in found}
    evidence = {
        practice.number: score_of(practice.evidence_provider()(viewpoint, today).figures)
        for practice in found
    }
    flags = perception_gaps(perception, names) + perception_vs_evidence(perception, evidence, names)
    rows = tuple(
        PracticeHealth(
            practice,
            evidence[practice.number],
            perception.of(practice.number),
            tuple(flag for flag in flags if flag.practice == practice.number),
        )
        for practice in found
    )
    overall, reason = overall_of(evidence.values())
    recommendations = recommendations_of(evidence, names, flags)
    return Health(
        viewpoint,
        today,
        rows,
        overall,
        band_of(overall),
        perception,
        flags,
        recommendations,
        reason,
    )
