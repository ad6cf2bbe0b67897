"""The answer page, the results page and the results API run a fixed number of queries
however many people answered."""

from django.urls import reverse

from accord.core.models import TeamRole
from accord.core.services import team_member_set
from accord.surveys.models import SurveyRound
from accord.surveys.services import survey_round_close
from accord.surveys.tests.base import SurveyTestCase, all_scored
from tests.base import QueryCountTestCase, make_user


class SurveyQueryCountTests(SurveyTestCase, QueryCountTestCase):
    def people(self, n: int, prefix: str) -> list:
        made = []
        for i in range(n):
            user = make_user(f"{prefix}{i}@beta.test", self.beta, "member")
            team_member_set(
                party=self.party_b, user=user, role=TeamRole.CONTRIBUTOR, actor=self.bea
            )
            made.append(user)
        return made

    def answered(self, survey_round: SurveyRound, people: list) -> None:
        for user in people:
            self.answer(survey_round, user, all_scored(1 + user.pk % 5, f"Comment {user.pk}"))

    def test_the_answer_page(self):
        survey_round = self.open_round()
        self.answer(survey_round, self.bob, all_scored(3, "Mine"))
        url = reverse("accord-survey", args=[self.partnership.pk, survey_round.pk])
        first = self.count(url, self.bob)
        self.answered(survey_round, self.people(12, "p"))
        self.open_round("Another")
        self.assertEqual((first, self.count(url, self.bob)), (first, first))
        self.assertEqual(first, 8)

    def test_the_results_page_and_api(self):
        counts = []
        for size, prefix in ((3, "s"), (14, "l")):
            survey_round = self.open_round(f"Round of {size}")
            self.answered(survey_round, self.people(size, prefix))
            survey_round_close(survey_round=survey_round, actor=self.alice)
            page = reverse("accord-survey-results", args=[self.partnership.pk, survey_round.pk])
            api = f"/api/v1/partnerships/{self.partnership.pk}/surveys/{survey_round.pk}/results"
            counts.append((self.count(page, self.bob), self.count(api, self.bob, api=True)))
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(counts[0], (10, 12))
