"""Survey demo data, written through the services (answers audited as answered, never with
their values).

"Community solar rollout": the parties see communication differently: Northwind thinks it
works, Helios does not (a gap of more than a point), and a second round is still open, closing
in two days, so its team members who have not answered are reminded. "Panel logistics Europe":
both sides rate trust highly while the trust demo's commitments show Cobalt breaking promise
after promise: perception and evidence disagree.

Each party needs at least three people on its team for its results to show: Helios's owner
and viewer (hana, vera) join its teams in both partnerships, the only change this module
makes to the demo's people."""

from collections.abc import Mapping
from datetime import date, timedelta

from django.utils import timezone

from accord.accounts.models import User
from accord.core.models import Partnership, Party, TeamMember, TeamRole
from accord.core.services import team_member_set
from accord.surveys.models import SurveyRound
from accord.surveys.services import Answer, survey_answer, survey_round_close, survey_round_open
from accord.surveys.statements import STATEMENTS

# Per practice 1-6, the score a party's people lean to (each person one off, in turn).
SOLAR = {
    "northwind": (4, 4, 4, 5, 3, 4),
    "helios": (4, 4, 3, 2, 3, 4),
}
LOGISTICS = {
    "helios": (3, 5, 3, 4, 3, 3),
    "cobalt": (4, 5, 4, 4, 3, 4),
}
COMMENTS = {
    ("northwind", 4): "The monthly call keeps everyone on the same page.",
    ("helios", 4): "We hear about Northwind's changes of plan from the installers first.",
    ("helios", 2): "Their people are easy to work with and straight with us.",
    ("cobalt", 2): "We trust Helios and they trust us; the relationship is solid.",
}
SPREAD = (0, 1, -1, 0, 1)


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    today = timezone.localdate()
    for person in ("hana", "vera"):
        for name in ("Community solar rollout", "Panel logistics Europe"):
            if name in partnerships:
                _seat(partnerships[name], "helios", people[person], people["arjun"])
    if (solar := partnerships.get("Community solar rollout")) is not None:
        _closed_round(solar, "Spring check-in", SOLAR, people["maya"], today)
        _open_round(solar, people["maya"], today)
    if (logistics := partnerships.get("Panel logistics Europe")) is not None:
        _closed_round(logistics, "Quarterly pulse", LOGISTICS, people["mateo"], today)


def _seat(partnership: Partnership, slug: str, user: User, admin: User) -> None:
    party = Party.objects.get(partnership=partnership, organization__slug=slug)
    team_member_set(party=party, user=user, role=TeamRole.CONTRIBUTOR, actor=admin)


def _answers(leaning: tuple[int, ...], nudge: int, slug: str) -> dict[str, Answer]:
    return {
        s.key: Answer(
            max(1, min(5, leaning[s.practice - 1] + (nudge if i % 2 else 0))),
            COMMENTS.get((slug, s.practice), "") if i % 4 == 0 and nudge == 0 else "",
        )
        for i, s in enumerate(STATEMENTS)
    }


def _answer_all(survey_round: SurveyRound, leanings: Mapping[str, tuple[int, ...]]) -> None:
    seats = TeamMember.objects.filter(party__partnership=survey_round.partnership_id)
    seats = seats.select_related("party__organization", "user").order_by("party_id", "user_id")
    for turn, seat in enumerate(seats):
        slug = seat.party.organization.slug
        if slug in leanings:
            survey_answer(
                survey_round=survey_round,
                party=seat.party,
                actor=seat.user,
                answers=_answers(leanings[slug], SPREAD[turn % len(SPREAD)], slug),
            )


def _closed_round(
    partnership: Partnership,
    title: str,
    leanings: Mapping[str, tuple[int, ...]],
    lead: User,
    today: date,
) -> None:
    party = Party.objects.get(partnership=partnership, team__user=lead)
    survey_round = survey_round_open(
        party=party, actor=lead, title=title, closes_on=today + timedelta(days=14)
    )
    _answer_all(survey_round, leanings)
    survey_round_close(survey_round=survey_round, actor=lead)


def _open_round(partnership: Partnership, lead: User, today: date) -> None:
    """A round closing in two days, answered by Northwind's lead only: the others are
    reminded."""
    party = Party.objects.get(partnership=partnership, team__user=lead)
    survey_round = survey_round_open(
        party=party, actor=lead, title="Autumn pulse", closes_on=today + timedelta(days=2)
    )
    survey_answer(
        survey_round=survey_round,
        party=party,
        actor=lead,
        answers=_answers(SOLAR["northwind"], 0, ""),
    )
