"""Every write of surveys: opening and closing a round (a shared record, through the one write
path), answering it (rows of the round, audited without a value), and closing the rounds whose
last day has passed (a daily job)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accord.accounts.models import User
from accord.audit.services import audit_record
from accord.core.access import binds_party_now, people_seated_on, refuse_unless_binding_now
from accord.core.models import Party, Stage
from accord.core.records import (
    archive_unlocked,
    lock_partnership,
    record_change,
    record_create,
    record_parts,
)
from accord.surveys.models import (
    COMMENT_LENGTH,
    RoundStatus,
    SurveyAnswer,
    SurveyResponse,
    SurveyRound,
)
from accord.surveys.statements import BY_KEY

# How far ahead a round may close: a survey left open for months is not a snapshot of anything.
LONGEST_ROUND = timedelta(days=90)
NOT_ON_TEAM = "Only the partnership's team members answer its surveys."
NOT_BINDING = "Only a lead of a party's team or an admin of its organization may do this."


class RoundClosed(Exception):
    """An answer to, or a closing of, a round that is closed: nothing was changed."""

    code = "survey_closed"

    def __init__(self) -> None:
        super().__init__("This survey round is closed: answers can no longer be given or changed.")


@dataclass(frozen=True)
class Answer:
    """A person's answer to one statement: a score from 1 to 5, or None for "don't know"."""

    score: int | None
    comment: str = ""


def closes_on_errors(closes_on: date, today: date) -> dict[str, str]:
    if closes_on <= today:
        return {"closes_on": "Choose a closing date after today."}
    if closes_on > today + LONGEST_ROUND:
        return {"closes_on": f"Choose a closing date within {LONGEST_ROUND.days} days."}
    return {}


def survey_round_open(
    *, party: Party, actor: User | None, title: str, closes_on: date, today: date | None = None
) -> SurveyRound:
    """Open a round for every team member of every party to answer until `closes_on`.

    By a lead or an admin of `party` (read fresh, under the partnership lock). ValidationError
    by field, nothing saved."""
    today = today or timezone.localdate()
    errors = closes_on_errors(closes_on, today)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_partnership(party.partnership_id)
        refuse_unless_binding_now(actor, party)
        return record_create(
            record=SurveyRound(
                partnership=party.partnership,
                owner_party=party,
                title=title.strip(),
                closes_on=closes_on,
            ),
            actor=actor,
        )


def survey_round_close(
    *, survey_round: SurveyRound, actor: User | None, now: datetime | None = None
) -> SurveyRound:
    """Close an open round early, by a lead or an admin of any of its parties (None: the system
    closing it after its last day). RoundClosed if it is closed already.

    Closing cuts every response from its respondent, in the same transaction: the answers are
    kept for the results, no longer linked to anyone."""
    now = now or timezone.now()
    with record_parts(survey_round) as current:
        if current.status == RoundStatus.CLOSED:
            raise RoundClosed()
        if actor is not None and not any(
            binds_party_now(actor, party_id)
            for party_id in Party.objects.filter(partnership_id=current.partnership_id).values_list(
                "pk", flat=True
            )
        ):
            raise PermissionDenied(NOT_BINDING)
        stamps = {"closed_at": now, "closed_by": actor} if actor is not None else {}
        current = record_change(
            record=current,
            actor=actor,
            changes={"status": RoundStatus.CLOSED, **stamps},
            action="close",
        )
        SurveyResponse.objects.filter(round=current).update(respondent=None)
    return current


def survey_rounds_close_due(*, today: date | None = None) -> int:
    """Close every round whose last day to answer has passed, or whose partnership has ended
    (the daily job): its status says so, and its responses are cut from their respondents.
    Returns how many were closed.

    An ended partnership's archive refuses writes, and nobody can answer there any more; the
    system closes its rounds through the lock all the same, because closing only takes away
    (the link from answers to people), which the surveys promise once answering is over."""
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(status=RoundStatus.OPEN).filter(
        Q(closes_on__lt=today) | Q(partnership__stage=Stage.ENDED)
    )
    closed = 0
    for survey_round in due:
        with archive_unlocked():
            survey_round_close(survey_round=survey_round, actor=None)
        closed += 1
    return closed


def answer_errors(answers: Mapping[str, Answer]) -> dict[str, str]:
    """What is wrong with `answers`, by statement key."""
    errors = {}
    for key, answer in answers.items():
        if key not in BY_KEY:
            errors[str(key)[:60]] = "No such statement."
        elif answer.score is not None and (
            isinstance(answer.score, bool)
            or not isinstance(answer.score, int)
            or not 1 <= answer.score <= 5
        ):
            errors[key] = "Answer from 1 to 5, or “don't know”."
        elif len(answer.comment) > COMMENT_LENGTH:
            errors[key] = f"Keep the comment under {COMMENT_LENGTH} characters."
    return errors


def survey_answer(
    *,
    survey_round: SurveyRound,
    party: Party,
    actor: User,
    answers: Mapping[str, Answer],
    today: date | None = None,
) -> SurveyResponse:
    """Give, or give again, `actor`'s answers to the round for `party` (whose team they are
    on): the new answers replace their previous ones. While the round is open only (RoundClosed
    otherwise); ValidationError by statement for a bad score or comment, nothing saved.

    The audit event says that the person answered (or changed their answer), on their own
    organization's private chain (the partner does not learn who answered), and carries no
    value or comment: nor do the notifications and webhooks made from it."""
    today = today or timezone.localdate()
    errors = answer_errors(answers)
    if errors:
        raise ValidationError(errors)
    with record_parts(survey_round) as current:
        if not current.is_open_on(today):
            raise RoundClosed()
        seated = people_seated_on(Party.objects.filter(pk=party.pk))
        if party.partnership_id != current.partnership_id or actor.pk not in seated:
            raise PermissionDenied(NOT_ON_TEAM)
        response, created = SurveyResponse.objects.get_or_create(
            round=current, respondent=actor, defaults={"party": party}
        )
        response.answers.all().delete()
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(
                response=response,
                statement=key,
                practice=BY_KEY[key].practice,
                score=answer.score,
                comment=answer.comment.strip(),
            )
            for key, answer in answers.items()
            if answer.score is not None or answer.comment.strip()
        )
        audit_record(
            actor=actor,
            action="answer" if created else "answer_change",
            record=current,
            changes={},
            partnership=current.partnership,
            private_to_id=party.organization_id,
        )
    return response
