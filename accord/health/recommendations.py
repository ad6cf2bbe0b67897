"""Recommendations: the next concrete actions, naming the records behind them, by impact.

From the evidence, one per scored figure below 100 that says how to mend it (its reading's
`fix` and `attention` records):

    impact = gain x (100 - practice score), rounded

where gain is the points the practice's score would gain were the figure at 100 (its weight x
its shortfall / the practice's total weight). The points an action adds count more the weaker
its practice is, so the weakest practice's biggest gap leads.

From the flags, one per flag, about talking the practice through with the records of its
weakest figure:

    impact = the flag's points (0-100) x (100 - practice score) / 4, rounded

(an unknown practice counts as 50): a disagreement matters, but less than mending records.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from accord.core.evidence import RecordRef
from accord.health.flags import PERCEPTION_GAP, Flag
from accord.health.scoring import EvidenceScore

NAMED_RECORDS = 5
UNKNOWN_SCORE = 50


@dataclass(frozen=True)
class Recommendation:
    practice: int
    text: str
    records: tuple[RecordRef, ...]
    impact: int  # larger first


def named(records: Sequence[RecordRef]) -> str:
    """ "A, B and C", or the first NAMED_RECORDS and "and N more"."""
    labels = [record.label for record in records[:NAMED_RECORDS]]
    rest = len(records) - len(labels)
    if rest:
        return f"{', '.join(labels)} and {rest} more"
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _text(fix: str, records: Sequence[RecordRef]) -> str:
    return f"{fix}: {named(records)}." if records else f"{fix}."


def from_evidence(practice: int, evidence: EvidenceScore) -> list[Recommendation]:
    if evidence.score is None:
        return []
    weakness = 100 - evidence.score
    return [
        Recommendation(
            practice,
            _text(part.reading.fix, part.reading.attention),
            part.reading.attention,
            round(part.gain * weakness),
        )
        for part in evidence.parts
        if part.score < 100 and part.reading.fix
    ]


def from_flag(flag: Flag, name: str, evidence: EvidenceScore) -> Recommendation:
    part = evidence.weakest_part
    records = part.reading.attention if part and part.score < 100 else ()
    if flag.kind == PERCEPTION_GAP:
        action = f"Talk {name} through with every party, to find out why you see it differently"
    else:
        action = f"Go through the evidence on {name} with the people who answered the survey"
    text = f"{action}. {flag.text}"
    if records:
        text += f" Start from {named(records)}."
    score = UNKNOWN_SCORE if evidence.score is None else evidence.score
    return Recommendation(flag.practice, text, records, round(flag.points * (100 - score) / 4))


def recommendations_of(
    evidence: dict[int, EvidenceScore], names: dict[int, str], flags: Iterable[Flag]
) -> tuple[Recommendation, ...]:
    """Every recommendation, largest impact first (then in practice order)."""
    found = [r for practice, score in evidence.items() for r in from_evidence(practice, score)]
    found += [from_flag(flag, names[flag.practice], evidence[flag.practice]) for flag in flags]
    return tuple(sorted(found, key=lambda r: (-r.impact, r.practice)))
