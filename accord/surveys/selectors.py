"""Reads of surveys shared by pages and API: the rounds of a partnership, the party a person
answers for, their own answers (never anyone else's), and the results of a closed round laid
out per practice with the parties side by side."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from accord.core.access import PartnershipAccess, record_for
from accord.core.models import Party
from accord.core.practices import practices
from accord.surveys.models import RoundStatus, SurveyAnswer, SurveyResponse, SurveyRound
from accord.surveys.perception import GAP_POINTS, PartyPerception, Perception, gap_of, results_of
from accord.surveys.services import Answer
from accord.surveys.statements import PRACTICE_NUMBERS, Statement, statements_of


def rounds_of(grant: PartnershipAccess) -> QuerySet[SurveyRound]:
    """The partnership's rounds, newest first, each with whether the user answered it (while
    it is open: closing cuts responses from their respondents)."""
    mine = SurveyResponse.objects.filter(round=OuterRef("pk"), respondent_id=grant.user.pk)  # type: ignore[attr-defined]
    return (
        SurveyRound.objects.filter(partnership=grant.partnership)
        .select_related("owner_party__organization")
        .annotate(answered=Exists(mine))
    )


def survey_round(grant: PartnershipAccess, round_id: int | str) -> SurveyRound:
    """One round of the partnership (404 if none): every round is shared."""
    return record_for(grant, SurveyRound.objects.all(), round_id)


def answering_party(grant: PartnershipAccess) -> Party | None:
    """The party the user answers for: the first whose team they sit on and through which
    they see the partnership (a seat outlives a membership; the right to answer does not)."""
    user_id = grant.user.pk  # type: ignore[attr-defined]
    return next(
        (p for p in grant.my_parties if any(m.user_id == user_id for m in p.team.all())), None
    )


def answers_of(survey_round: SurveyRound, user_id: int) -> dict[str, Answer] | None:
    """The user's own answers to the round, by statement; None if they have not answered (or
    the round closed, which cut the answers from them)."""
    response = SurveyResponse.objects.filter(round=survey_round, respondent_id=user_id).first()
    if response is None:
        return None
    rows = SurveyAnswer.objects.filter(response=response).values_list(
        "statement", "score", "comment"
    )
    return {key: Answer(score, comment) for key, score, comment in rows}


@dataclass(frozen=True)
class PracticeResult:
    """One practice's row of a round's results: its parties side by side."""

    number: int
    name: str
    parties: tuple[PartyPerception, ...]
    gap: float | None  # the widest difference between shown averages (two parties shown)

    @property
    def gap_flagged(self) -> bool:
        return self.gap is not None and self.gap >= GAP_POINTS


def practice_results(perception: Perception) -> list[PracticeResult]:
    names = {practice.number: practice.name for practice in practices()}
    rows = []
    for number, parties in sorted(perception.practices.items()):
        name = names.get(number, f"Practice {number}")
        rows.append(PracticeResult(number, name, parties, gap_of(parties)))
    return rows


def closed_results(survey_round: SurveyRound) -> Perception | None:
    """The results of a closed round; None until it is closed (nothing of an open round is
    ever shown: two reads around one more answer would give that answer away; and a round past
    its last day shows nothing until the daily job has closed it and cut its responses from
    their respondents)."""
    return results_of(survey_round) if survey_round.status == RoundStatus.CLOSED else None


@dataclass(frozen=True)
class StatementGroup:
    number: int
    name: str
    statements: tuple[Statement, ...]


def statement_groups() -> list[StatementGroup]:
    names = {practice.number: practice.name for practice in practices()}
    return [
        StatementGroup(n, names.get(n, f"Practice {n}"), statements_of(n)) for n in PRACTICE_NUMBERS
    ]
