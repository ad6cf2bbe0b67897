"""The outcome of a decision under its rule, from the parties' votes: a pure function, so that
the figures can be checked by hand.

- every party: approved once every party approves; rejected as soon as one objects.
- lead party: the lead party's word decides; the others' are heard, not counted.
- majority: approved once more than half the parties approve; rejected once so many object
  that more than half can no longer approve (of 2 parties: one objection; of 3: two).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from accord.core.models import Party
from accord.roles.models import Outcome, RuleKind, Verdict


class RuleLike(Protocol):
    kind: str
    lead_party_id: int | None


class VoteLike(Protocol):
    verdict: str
    party: Party


@dataclass(frozen=True)
class Result:
    outcome: str
    rationale: str


def _names(votes: Sequence[VoteLike]) -> str:
    return ", ".join(sorted(v.party.organization.name for v in votes)) or "none"


def outcome_of(rule: RuleLike, parties: Sequence[Party], votes: Mapping[int, VoteLike]) -> Result:
    """The outcome of a decision under `rule` among `parties` given `votes` by party id."""
    current = [votes[p.pk] for p in parties if p.pk in votes]
    approving = [v for v in current if v.verdict == Verdict.APPROVE]
    objecting = [v for v in current if v.verdict == Verdict.OBJECT]
    n = len(parties)
    if rule.kind == RuleKind.EVERY_PARTY:
        if objecting:
            return Result(
                Outcome.REJECTED, f"Every party must approve; objected: {_names(objecting)}."
            )
        if n and len(approving) == n:
            return Result(Outcome.APPROVED, f"Every party approved: {_names(approving)}.")
        return Result(Outcome.WAITING, f"{len(approving)} of {n} parties approved so far.")
    if rule.kind == RuleKind.LEAD_PARTY:
        lead = votes.get(rule.lead_party_id) if rule.lead_party_id else None
        if lead is None:
            return Result(Outcome.WAITING, "Waiting for the lead party.")
        name = lead.party.organization.name
        if lead.verdict == Verdict.APPROVE:
            return Result(Outcome.APPROVED, f"The lead party, {name}, approved.")
        return Result(Outcome.REJECTED, f"The lead party, {name}, objected.")
    # Majority of the parties.
    if len(approving) * 2 > n:
        return Result(
            Outcome.APPROVED,
            f"A majority approved ({len(approving)} of {n}): {_names(approving)}.",
        )
    if (n - len(objecting)) * 2 <= n:
        return Result(
            Outcome.REJECTED,
            f"No majority can approve any more ({len(objecting)} of {n} objected): "
            f"{_names(objecting)}.",
        )
    return Result(Outcome.WAITING, f"{len(approving)} of {n} parties approved so far.")
