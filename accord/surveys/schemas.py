"""API shapes of the surveys. A round is a shared record; answers appear only as the caller's
own (`MyAnswersOut`) or aggregated per party and practice (`ResultsOut`), never per person."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from accord.core.record_schemas import RecordIn, RecordOut, record_example
from accord.core.schemas import ActingOrganization, AsDecimalString, InputSchema, rounded_to
from accord.lib.bounds import BoundedDate
from accord.surveys.models import COMMENT_LENGTH, TITLE_LENGTH, RoundStatus, SurveyRound

# Averages and gaps (floating point, one decimal) as exact decimal strings, like every decimal.
OneDecimal = Annotated[Decimal, rounded_to(1), AsDecimalString]
Score = Annotated[int | None, Field(ge=1, le=5, description="1 to 5; null: don't know.")]


class RoundIn(RecordIn):
    title: str = Field(min_length=1, max_length=TITLE_LENGTH)
    closes_on: BoundedDate = Field(description="The last day to answer: after today, within 90.")

    EXAMPLE: ClassVar[dict[str, Any]] = {"title": "Spring check-in", "closes_on": "2026-04-15"}


class RoundOut(RecordOut):
    title: str
    closes_on: date
    status: RoundStatus = Field(description="Open until its last day to answer, or closed.")
    closed_on: date | None = Field(description="When it closed (null while open).")

    @staticmethod
    def resolve_status(survey_round: SurveyRound) -> RoundStatus:
        is_open = survey_round.is_open_on(timezone.localdate())
        return RoundStatus.OPEN if is_open else RoundStatus.CLOSED

    @staticmethod
    def resolve_closed_on(survey_round: SurveyRound) -> date | None:
        is_open = survey_round.is_open_on(timezone.localdate())
        return None if is_open else survey_round.closed_on

    EXAMPLE: ClassVar[dict[str, Any]] = record_example(
        {
            "title": "Spring check-in",
            "closes_on": "2026-04-15",
            "status": "open",
            "closed_on": None,
        }
    )


class StatementAnswerIn(InputSchema):
    statement: str = Field(max_length=60, description="The statement's key.")
    score: Score = None
    comment: str = Field("", max_length=COMMENT_LENGTH)


class MyAnswersIn(InputSchema):
    """Every answer the caller gives (those left out: not answered); replaces the previous."""

    answers: list[StatementAnswerIn] = Field(max_length=100)
    organization: ActingOrganization = None

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "answers": [
            {"statement": "trust.promises_kept", "score": 4, "comment": ""},
            {"statement": "plan.exit", "score": None, "comment": "Not my area."},
        ]
    }


class StatementAnswerOut(Schema):
    statement: str
    practice: int
    text: str
    score: int | None
    comment: str


class MyAnswersOut(Schema):
    """The caller's own answers to every statement (score null: not answered or don't know)."""

    round_id: int
    answered: bool
    answers: list[StatementAnswerOut]


class PartyResultOut(Schema):
    party_id: int
    organization: str
    average: OneDecimal | None = Field(description="1 to 5; null: not enough answers to show.")
    respondents: int | None = Field(description="Shown only at or above the threshold.")
    comments: list[str] = Field(description="Without names, sorted by their text.")


class PracticeResultOut(Schema):
    practice: int
    name: str
    gap: OneDecimal | None = Field(description="Between the parties' averages shown (two or more).")
    gap_flagged: bool = Field(description="A gap of a full point or more.")
    parties: list[PartyResultOut]


class PartyRespondentsOut(Schema):
    party_id: int
    organization: str
    respondents: int | None = Field(description="Null below the threshold.")


class ResultsOut(Schema):
    round_id: int
    title: str
    closed_on: date
    minimum: int = Field(description="The people of a party who must answer before it shows.")
    parties: list[PartyRespondentsOut]
    practices: list[PracticeResultOut]
