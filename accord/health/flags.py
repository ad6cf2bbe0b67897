"""Flags: where the parties see a practice differently, and where what they feel and what the
records show disagree. Pure functions of a `Perception` (and the evidence scores); a party
below the survey's threshold (average None) is never flagged nor named.

    perception gap          per practice, the highest and lowest party averages differ by
                            GAP_POINTS (1.0 on the 1-5 scale) or more
    perception vs evidence  a party's average scaled to 0-100 (`PartyPerception.scaled`) and the
                            practice's evidence score differ by DISAGREEMENT_POINTS (25) or more;
                            the parties that disagree the same way share one flag
"""

from collections.abc import Mapping
from dataclasses import dataclass

from accord.health.scoring import EvidenceScore
from accord.surveys.perception import GAP_POINTS, PartyPerception, Perception, gap_of

DISAGREEMENT_POINTS = 25

PERCEPTION_GAP = "perception_gap"
PERCEPTION_VS_EVIDENCE = "perception_vs_evidence"


@dataclass(frozen=True)
class Flag:
    kind: str  # PERCEPTION_GAP (between parties) or PERCEPTION_VS_EVIDENCE
    practice: int
    text: str
    points: int = 0  # how far apart, on the 0-100 scale (the gap x 25, or the disagreement)


def _rating(party: PartyPerception) -> str:
    return f"{party.organization} {party.average:.1f}/5"


def _shown(perception: Perception, practice: int) -> list[PartyPerception]:
    return [party for party in perception.of(practice) if party.average is not None]


def perception_gaps(perception: Perception, names: Mapping[int, str]) -> tuple[Flag, ...]:
    """One flag per practice whose parties' averages are GAP_POINTS or more apart; `names`
    gives each practice's name as read in a sentence ("trust")."""
    flags = []
    for practice, name in names.items():
        shown = sorted(_shown(perception, practice), key=lambda p: -(p.average or 0))
        if len(shown) < 2:
            continue
        gap = gap_of(shown) or 0.0
        if gap >= GAP_POINTS:
            ratings = ", ".join(_rating(party) for party in shown)
            text = f"The parties see {name} differently: {ratings}, a gap of {gap:.1f} points."
            flags.append(Flag(PERCEPTION_GAP, practice, text, round(gap * 25)))
    return tuple(flags)


def perception_vs_evidence(
    perception: Perception, evidence: Mapping[int, EvidenceScore], names: Mapping[int, str]
) -> tuple[Flag, ...]:
    """A flag per practice and direction where parties' perception and the evidence score
    differ by DISAGREEMENT_POINTS or more, with both figures in words."""
    flags = []
    for practice, name in names.items():
        score = evidence[practice]
        if score.score is None:
            continue
        above = [p for p in _shown(perception, practice) if _apart(p, score.score) >= 0]
        below = [p for p in _shown(perception, practice) if _apart(p, score.score) < 0]
        for parties, higher in ((above, True), (below, False)):
            disagreeing = [p for p in parties if abs(_apart(p, score.score)) >= DISAGREEMENT_POINTS]
            if disagreeing:
                flags.append(_disagreement(practice, name, disagreeing, score, higher=higher))
    return tuple(flags)


def _apart(party: PartyPerception, score: int) -> int:
    return (party.scaled or 0) - score


def _disagreement(
    practice: int, name: str, parties: list[PartyPerception], score: EvidenceScore, *, higher: bool
) -> Flag:
    assert score.score is not None
    verb = "rates" if len(parties) == 1 else "rate"
    who = " and ".join(p.organization for p in parties)
    ratings = " and ".join(f"{p.average:.1f}/5" for p in parties)
    part = score.weakest_part if higher else score.strongest_part
    shown = f": {part.reading.says}" if part else ""
    text = f"{who} {verb} {name} {ratings} while the evidence scores {score.score}/100{shown}."
    points = max(abs(_apart(p, score.score)) for p in parties)
    return Flag(PERCEPTION_VS_EVIDENCE, practice, text, points)
