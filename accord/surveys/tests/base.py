"""The standing cast, with teams big enough for results to show: Alpha's team is alice (lead),
vic (viewer) and ada, ari, abe (members); Beta's is bea (lead), bob and ben, bly."""

from datetime import date, timedelta

from django.utils import timezone

from accord.accounts.models import User
from accord.core.models import TeamRole
from accord.core.services import team_member_set
from accord.surveys.models import SurveyRound
from accord.surveys.services import Answer, survey_answer, survey_round_open
from accord.surveys.statements import STATEMENTS
from tests.base import AccordTestCase, make_user


def all_scored(score: int, comment: str = "") -> dict[str, Answer]:
    return {s.key: Answer(score, comment) for s in STATEMENTS}


def practice_scored(practice: int, score: int, comment: str = "") -> dict[str, Answer]:
    return {s.key: Answer(score, comment) for s in STATEMENTS if s.practice == practice}


class SurveyTestCase(AccordTestCase):
    ada: User
    ari: User
    abe: User
    ben: User
    bly: User
    today: date

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.today = timezone.localdate()
        for name in ("ada", "ari", "abe"):
            user = make_user(f"{name}@alpha.test", cls.alpha, "member")
            team_member_set(
                party=cls.party_a, user=user, role=TeamRole.CONTRIBUTOR, actor=cls.alice
            )
            setattr(cls, name, user)
        for name in ("ben", "bly"):
            user = make_user(f"{name}@beta.test", cls.beta, "member")
            team_member_set(party=cls.party_b, user=user, role=TeamRole.CONTRIBUTOR, actor=cls.bea)
            setattr(cls, name, user)

    @classmethod
    def open_round(cls, title: str = "Spring check-in", days: int = 14) -> SurveyRound:
        return survey_round_open(
            party=cls.party_a,
            actor=cls.alice,
            title=title,
            closes_on=cls.today + timedelta(days=days),
            today=cls.today,
        )

    def answer(self, survey_round: SurveyRound, user: User, answers: dict[str, Answer]) -> None:
        party = self.party_a if user.email.endswith("@alpha.test") else self.party_b
        survey_answer(survey_round=survey_round, party=party, actor=user, answers=answers)
