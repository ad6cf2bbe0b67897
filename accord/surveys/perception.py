"""What the health check reads of the surveys: each party's perception of each practice, from
the latest closed survey round, aggregated and only where enough of that party answered.

This is the surveys app's one interface to the rest of Accord (the health check, snapshots,
reports): nothing outside the app reads answers. Results come only from closed rounds, so that
reading them twice, before and after one more answer, can never single out that answer.
"""

from dataclasses import dataclass, field
from datetime import date

from accord.core.models import Partnership


@dataclass(frozen=True)
class PartyPerception:
    """One party's perception of one practice. Below the threshold `average` and
    `respondents` are None and `comments` is empty: nothing to show."""

    party_id: int
    organization: str
    average: float | None  # 1-5, one decimal
    respondents: int | None  # shown only at or above the threshold
    comments: tuple[str, ...] = ()  # without names, in no order that follows who wrote them

    @property
    def shown(self) -> bool:
        return self.average is not None

    @property
    def scaled(self) -> int | None:
        """The average on the evidence's 0-100 scale (1 → 0, 5 → 100)."""
        return None if self.average is None else round((self.average - 1) * 25)


@dataclass(frozen=True)
class Perception:
    """The results of one closed round, or of none (`round_id` None) when no round has closed."""

    round_id: int | None = None
    title: str = ""
    closed_on: date | None = None
    minimum: int = 3  # the respondents a party needs before anything of it is shown
    # practice number → one PartyPerception per party, in party order
    practices: dict[int, tuple[PartyPerception, ...]] = field(default_factory=dict)

    def of(self, practice: int) -> tuple[PartyPerception, ...]:
        return self.practices.get(practice, ())


def perception_of(partnership: Partnership) -> Perception:
    """The perception of `partnership` from its latest closed survey round."""
    return Perception()
