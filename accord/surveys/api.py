"""API of the surveys: a partnership's rounds, opening and closing one, the caller's own
answers (read and replace), and the aggregated results of a closed round. No operation reads
another person's answers."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from ninja import P, PathEx, Status

from accord.accounts.http import AuthedRequest
from accord.api.api import error
from accord.api.operations import ApiRouter, PartnershipId
from accord.core import access
from accord.surveys import selectors, services
from accord.surveys.models import SurveyRound
from accord.surveys.perception import Perception
from accord.surveys.schemas import MyAnswersIn, MyAnswersOut, ResultsOut, RoundIn, RoundOut
from accord.surveys.services import Answer
from accord.surveys.statements import STATEMENTS

router = ApiRouter(
    "surveys",
    "Perception: survey rounds in which every team member of every party answers Accord's 24 "
    "statements about the six practices. Answers are only ever read back by the person who "
    "gave them, while the round is open; results are aggregated per party and practice, from "
    "closed rounds, and only where enough of a party's people answered.",
)
ROUNDS = "/partnerships/{id:partnership_id}/surveys"
ROUND = f"{ROUNDS}/{{id:round_id}}"
RoundId = PathEx[int, P(description="The survey round's id.")]


@router.get(ROUNDS, response={200: list[RoundOut]})
def survey_round_list(request: AuthedRequest, partnership_id: PartnershipId) -> Any:
    """The partnership's survey rounds.

    Newest first, open and closed; every round is shared by the parties."""
    grant = access.partnership_access(request.user, partnership_id)
    return selectors.rounds_of(grant)


@router.post(ROUNDS, response={201: RoundOut})
def survey_round_open(
    request: AuthedRequest, partnership_id: PartnershipId, payload: RoundIn
) -> Any:
    """Open a survey round.

    By a lead of a party's team or an admin of its organization (403 otherwise). Every team
    member of every party is invited to answer until `closes_on`."""
    grant = access.partnership_access(request.user, partnership_id, "bind")
    party = grant.acting_party(payload.organization, "bind")
    opened = services.survey_round_open(
        party=party, actor=request.user, title=payload.title, closes_on=payload.closes_on
    )
    return Status(201, selectors.survey_round(grant, opened.pk))


def _conflict(request: AuthedRequest, exc: Exception, code: str) -> HttpResponse:
    return error(request, 409, str(exc), code=code)


@router.post(f"{ROUND}/close", response={200: RoundOut})
def survey_round_close(
    request: AuthedRequest, partnership_id: PartnershipId, round_id: RoundId
) -> Any:
    """Close a survey round now.

    By a lead of a party's team or an admin of its organization; 409 `survey_closed` if it is
    closed already. Its results can then be read."""
    grant = access.partnership_access(request.user, partnership_id, "bind")
    survey_round = selectors.survey_round(grant, round_id)
    try:
        services.survey_round_close(survey_round=survey_round, actor=request.user)
    except services.RoundClosed as closed:
        return _conflict(request, closed, closed.code)
    return selectors.survey_round(grant, round_id)


def _my_answers(survey_round: SurveyRound, user_id: int) -> dict[str, Any]:
    # Only while the round is open, as on the page: once its last day has passed its results
    # show, even before the daily job cuts the responses from their respondents.
    is_open = survey_round.is_open_on(timezone.localdate())
    given = selectors.answers_of(survey_round, user_id) if is_open else None
    mine = given or {}
    return {
        "round_id": survey_round.pk,
        "answered": given is not None,
        "answers": [
            {
                "statement": s.key,
                "practice": s.practice,
                "text": s.text,
                "score": mine[s.key].score if s.key in mine else None,
                "comment": mine[s.key].comment if s.key in mine else "",
            }
            for s in STATEMENTS
        ],
    }


def _answering(request: AuthedRequest, partnership_id: int, round_id: int) -> Any:
    grant = access.partnership_access(request.user, partnership_id)
    survey_round = selectors.survey_round(grant, round_id)
    party = selectors.answering_party(grant)
    if party is None:
        raise PermissionDenied(services.NOT_ON_TEAM)
    return survey_round, party


@router.get(f"{ROUND}/answers/me", response={200: MyAnswersOut})
def survey_answers_get(
    request: AuthedRequest, partnership_id: PartnershipId, round_id: RoundId
) -> Any:
    """The caller's own answers.

    Team members only (403 otherwise). Once the round closes, answers are no longer linked to
    anyone: `answered` is then false for everyone."""
    survey_round, _ = _answering(request, partnership_id, round_id)
    return _my_answers(survey_round, request.user.pk)


@router.put(f"{ROUND}/answers/me", response={200: MyAnswersOut})
def survey_answers_put(
    request: AuthedRequest, partnership_id: PartnershipId, round_id: RoundId, payload: MyAnswersIn
) -> Any:
    """Give or replace the caller's answers.

    Team members only, while the round is open (409 `survey_closed` after). Each statement
    once; a score from 1 to 5 or null (don't know), a comment up to 1,000 characters."""
    survey_round, party = _answering(request, partnership_id, round_id)
    answers: dict[str, Answer] = {}
    for given in payload.answers:
        if given.statement in answers:
            raise ValidationError({given.statement: "Answer each statement once."})
        answers[given.statement] = Answer(given.score, given.comment)
    try:
        services.survey_answer(
            survey_round=survey_round, party=party, actor=request.user, answers=answers
        )
    except services.RoundClosed as closed:
        return _conflict(request, closed, closed.code)
    return _my_answers(survey_round, request.user.pk)


def results_out(perception: Perception, parties: Any) -> dict[str, Any]:
    return {
        "round_id": perception.round_id,
        "title": perception.title,
        "closed_on": perception.closed_on,
        "minimum": perception.minimum,
        "parties": [
            {
                "party_id": party.pk,
                "organization": party.organization.name,
                "respondents": perception.respondents.get(party.pk),
            }
            for party in parties
        ],
        "practices": [
            {
                "practice": row.number,
                "name": row.name,
                "gap": row.gap,
                "gap_flagged": row.gap_flagged,
                "parties": [
                    {
                        "party_id": cell.party_id,
                        "organization": cell.organization,
                        "average": cell.average,
                        "respondents": cell.respondents,
                        "comments": list(cell.comments),
                    }
                    for cell in row.parties
                ],
            }
            for row in selectors.practice_results(perception)
        ],
    }


@router.get(f"{ROUND}/results", response={200: ResultsOut})
def survey_results_get(
    request: AuthedRequest, partnership_id: PartnershipId, round_id: RoundId
) -> Any:
    """The results of a closed round.

    Per practice, each party's average and comments, only where at least the threshold of its
    people answered; 409 `survey_open` while the round is open (nothing of an open round is
    shown)."""
    grant = access.partnership_access(request.user, partnership_id)
    survey_round = selectors.survey_round(grant, round_id)
    perception = selectors.closed_results(survey_round)
    if perception is None:
        return error(request, 409, "The results show once the round closes.", code="survey_open")
    return results_out(perception, grant.parties)
