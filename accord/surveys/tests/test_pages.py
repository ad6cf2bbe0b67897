"""The surveys' pages for each persona: the list, opening, answering (one's own answers only),
closing and results; nasty input refused with clear errors, never a 500."""

from datetime import timedelta

from django.urls import reverse

from accord.surveys.models import SurveyAnswer, SurveyRound
from accord.surveys.services import survey_round_close
from accord.surveys.statements import STATEMENTS
from accord.surveys.tests.base import SurveyTestCase, all_scored

KEY = STATEMENTS[0].key


class PageTests(SurveyTestCase):
    def setUp(self):
        self.round = self.open_round()

    def url(self, name: str, *args: int) -> str:
        return reverse(name, args=[self.partnership.pk, *args])

    def test_the_list_shows_rounds_and_whether_i_answered(self):
        self.answer(self.round, self.bob, all_scored(3))
        self.client.force_login(self.bob)
        page = self.client.get(self.url("accord-surveys"))
        self.assertContains(page, "Spring check-in")
        self.assertContains(page, "you answered")
        self.assertNotContains(page, "Open a round")
        self.client.force_login(self.bea)
        self.assertContains(self.client.get(self.url("accord-surveys")), "Open a round")
        self.assertNotContains(self.client.get(self.url("accord-surveys")), "you answered")

    def test_a_lead_opens_a_round_and_bad_dates_are_field_errors(self):
        self.client.force_login(self.bea)
        for closes_on in (
            "",
            "yesterday",
            "99999-01-01",
            (self.today - timedelta(days=1)).isoformat(),
        ):
            answer = self.client.post(
                self.url("accord-survey-new"), {"title": "x", "closes_on": closes_on}
            )
            self.assertEqual(answer.status_code, 200, closes_on)
        answer = self.client.post(
            self.url("accord-survey-new"),
            {"title": "Beta's round", "closes_on": (self.today + timedelta(days=5)).isoformat()},
        )
        opened = SurveyRound.objects.get(title="Beta's round")
        self.assertRedirects(answer, self.url("accord-survey", opened.pk))

    def test_the_answer_form_shows_my_answers_and_says_they_stay_anonymous(self):
        self.answer(self.round, self.bob, {KEY: type(all_scored(1)[KEY])(2, "Bob's own note")})
        self.answer(self.round, self.ben, all_scored(5, "Ben's note"))
        self.client.force_login(self.bob)
        page = self.client.get(self.url("accord-survey", self.round.pk))
        self.assertContains(page, "never shown to anyone with your name")
        self.assertContains(page, "Bob&#x27;s own note")
        self.assertNotContains(page, "Ben")
        for statement in STATEMENTS:
            self.assertContains(page, statement.text.replace("'", "&#x27;"))

    def test_answering_and_changing_through_the_page(self):
        self.client.force_login(self.bob)
        url = self.url("accord-survey-answer", self.round.pk)
        self.assertRedirects(
            self.client.post(url, {f"score:{KEY}": "4"}), self.url("accord-survey", self.round.pk)
        )
        self.client.post(url, {f"score:{KEY}": "2", f"comment:{KEY}": "Less sure"})
        self.assertEqual(
            list(SurveyAnswer.objects.values_list("score", "comment")), [(2, "Less sure")]
        )

    def test_nasty_answers_are_refused_clearly(self):
        self.client.force_login(self.bob)
        url = self.url("accord-survey-answer", self.round.pk)
        for data in (
            {f"score:{KEY}": "0"},
            {f"score:{KEY}": "6"},
            {f"score:{KEY}": "x"},
            {f"score:{KEY}": "9" * 400},
            {f"comment:{KEY}": "x" * 10_000},
            {f"comment:{KEY}": "nul \x00 here"},
        ):
            with self.subTest(data=str(data)[:40]):
                answer = self.client.post(url, data)
                self.assertEqual(answer.status_code, 200)
                self.assertContains(answer, "field-error")
        self.assertFalse(SurveyAnswer.objects.exists())
        odd = "Ünïcödé 🤝 ‮reversed‬ <script>alert(1)</script>"
        self.client.post(url, {f"score:{KEY}": "3", f"comment:{KEY}": odd})
        self.assertEqual(SurveyAnswer.objects.get().comment, odd)

    def test_an_admin_off_the_team_sees_no_form_and_may_not_answer(self):
        self.client.force_login(self.amy)
        page = self.client.get(self.url("accord-survey", self.round.pk))
        self.assertContains(page, "Only the partnership")
        self.assertContains(page, "Close the round now")
        self.assertEqual(
            self.client.post(self.url("accord-survey-answer", self.round.pk), {}).status_code, 403
        )

    def test_a_closed_round_refuses_a_late_answer_clearly(self):
        survey_round_close(survey_round=self.round, actor=self.alice)
        self.client.force_login(self.bob)
        answer = self.client.post(
            self.url("accord-survey-answer", self.round.pk), {f"score:{KEY}": "4"}, follow=True
        )
        self.assertContains(answer, "This survey round is closed")
        self.assertFalse(SurveyAnswer.objects.exists())

    def test_results_side_by_side_with_gaps_and_comments_only_above_the_threshold(self):
        for user in (self.alice, self.ada, self.ari):
            self.answer(self.round, user, all_scored(5, "Alpha is happy"))
        for user in (self.bea, self.bob, self.ben):
            self.answer(self.round, user, all_scored(3, "Beta is not"))
        self.client.force_login(self.bob)
        results = self.url("accord-survey-results", self.round.pk)
        self.assertContains(self.client.get(results), "results show once the round closes")
        self.client.post(self.url("accord-survey-close", self.round.pk))  # bob may not close
        self.client.force_login(self.bea)
        self.assertRedirects(
            self.client.post(self.url("accord-survey-close", self.round.pk)), results
        )
        page = self.client.get(results)
        self.assertContains(page, '<tr class="survey-gap">', count=6)
        self.assertContains(page, "seen differently", count=6)
        self.assertContains(page, "Alpha is happy")
        self.assertContains(page, "Beta is not")
        for name in ("alice", "ada", "bea", "bob"):
            self.assertNotContains(page, f"{name}@")
