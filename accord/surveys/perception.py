"""What the health check reads of the surveys: each party's perception of each practice, from
the latest closed survey round, aggregated and only where enough of that party answered.

This is the surveys app's one interface to the rest of Accord (the health check, snapshots,
reports): nothing outside the app reads answers. Results come only from closed rounds, so that
reading them twice, before and after one more answer, can never single out that answer.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum

from accord.core.models import Partnership, Party
from accord.surveys.models import SurveyAnswer, SurveyResponse, SurveyRound

# Parties whose averages of a practice are a full point or more apart see it differently: a
# gap to talk about (issue 12). The results page and the health check's flags both say so.
GAP_POINTS = 1.0


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
    # party id → how many of its people answered the round; None below the threshold
    respondents: dict[int, int | None] = field(default_factory=dict)

    def of(self, practice: int) -> tuple[PartyPerception, ...]:
        return self.practices.get(practice, ())


def gap_of(parties: "tuple[PartyPerception, ...] | list[PartyPerception]") -> float | None:
    """The widest difference between the shown averages (one decimal); None below two."""
    shown = [party.average for party in parties if party.average is not None]
    return round(max(shown) - min(shown), 1) if len(shown) > 1 else None


def minimum_respondents() -> int:
    """ACCORD_SURVEY_MIN_RESPONDENTS, never below 3 whatever the settings say."""
    return max(3, settings.ACCORD_SURVEY_MIN_RESPONDENTS)


def perception_of(partnership: Partnership) -> Perception:
    """The perception of `partnership` from its latest closed survey round (closed early by
    hand, or by the daily job after its last day): five queries, whatever the number of
    answers."""
    rounds = SurveyRound.objects.filter(partnership=partnership).closed()
    latest = rounds.latest_closed_first().first()
    return Perception() if latest is None else results_of(latest)


def results_of(survey_round: SurveyRound) -> Perception:
    """The aggregated results of `survey_round`, whether it is closed or not: callers show only
    closed rounds' (`perception_of`, the results page and API check). Per party and practice:
    the average score of its people who scored at least one of the practice's statements
    ("don't know" counts for nothing), shown only if at least the minimum did; comments only
    then, sorted by their text."""
    minimum = minimum_respondents()
    answers = SurveyAnswer.objects.filter(response__round=survey_round).order_by()
    scored = (
        answers.filter(score__isnull=False)
        .values("response__party_id", "practice")
        .annotate(total=Sum("score"), count=Count("pk"), people=Count("response", distinct=True))
    )
    figures = {(row["response__party_id"], row["practice"]): row for row in scored}
    comments: dict[tuple[int, int], list[str]] = {}
    commented = answers.exclude(comment="").order_by("comment", "pk")
    for party_id, practice, comment in commented.values_list(
        "response__party_id", "practice", "comment"
    ):
        comments.setdefault((party_id, practice), []).append(comment)
    people = dict(
        SurveyResponse.objects.filter(round=survey_round)
        .order_by()
        .values("party_id")
        .annotate(n=Count("pk"))
        .values_list("party_id", "n")
    )
    parties = list(
        Party.objects.filter(partnership_id=survey_round.partnership_id).select_related(
            "organization"
        )
    )
    practices = sorted({practice for _, practice in figures} | set(range(1, 7)))
    return Perception(
        round_id=survey_round.pk,
        title=survey_round.title,
        closed_on=survey_round.closed_on,
        minimum=minimum,
        practices={
            practice: tuple(
                _party_perception(
                    party,
                    figures.get((party.pk, practice)),
                    comments.get((party.pk, practice), []),
                    minimum,
                )
                for party in parties
            )
            for practice in practices
        },
        respondents={
            party.pk: people.get(party.pk) if people.get(party.pk, 0) >= minimum else None
            for party in parties
        },
    )


def _party_perception(
    party: Party, figures: Mapping[str, Any] | None, comments: list[str], minimum: int
) -> PartyPerception:
    name = party.organization.name
    if figures is None or figures["people"] < minimum:
        return PartyPerception(party.pk, name, None, None)
    average = round(figures["total"] / figures["count"], 1)
    return PartyPerception(party.pk, name, average, figures["people"], tuple(comments))
