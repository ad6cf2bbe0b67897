"""Anonymity: results only per party and practice, only from closed rounds, only where at least
the threshold of a party's people answered; comments without names, sorted by text; the audit
trail says who answered, never what, and only to the answerer's own organization."""

import json

from django.test import override_settings

from accord.accounts.services import api_token_create
from accord.audit.models import AuditEvent
from accord.surveys.models import SurveyRound
from accord.surveys.perception import minimum_respondents, perception_of
from accord.surveys.selectors import closed_results
from accord.surveys.services import Answer, RoundClosed, survey_round_close
from accord.surveys.statements import STATEMENTS
from accord.surveys.tests.base import SurveyTestCase, all_scored, practice_scored

TRUST = 2


class DifferencingTests(SurveyTestCase):
    """With a threshold of 3, Beta's results with three answers and with four: no read can be
    taken between the two, so nobody's answer can be told from their difference."""

    def setUp(self):
        self.round = self.open_round()
        for user, score in ((self.bea, 5), (self.bob, 5), (self.ben, 2)):
            self.answer(self.round, user, all_scored(score))
        self.key = api_token_create(user=self.alice, name="t")[1]

    def shown(self, survey_round: SurveyRound) -> object:
        return closed_results(survey_round), perception_of(self.partnership)

    def read_api_and_page(self) -> tuple[int, bytes]:
        """The results as the API and the page give them to alice."""
        where = f"/partnerships/{self.partnership.pk}/surveys/{self.round.pk}/results"
        api = self.client.get(f"/api/v1{where}", headers={"Authorization": f"Bearer {self.key}"})
        self.client.force_login(self.alice)
        return api.status_code, self.client.get(f"{where}/").content

    def test_no_read_while_the_round_is_open_shows_anything(self):
        before = self.shown(self.round)
        status_before, page_before = self.read_api_and_page()
        self.answer(self.round, self.bly, all_scored(1))
        after = self.shown(self.round)
        status_after, page_after = self.read_api_and_page()
        self.assertEqual(before, (None, perception_of(self.partnership)))
        self.assertEqual(after, before)
        self.assertIsNone(perception_of(self.partnership).round_id)
        self.assertEqual((status_before, status_after), (409, 409))
        for page in (page_before, page_after):
            self.assertIn(b"results show once the round closes", page)
            self.assertNotIn(b"3.2", page)

    def test_past_its_last_day_a_round_shows_nothing_until_the_job_closes_it(self):
        from datetime import timedelta

        from accord.surveys.services import survey_rounds_close_due

        SurveyRound.objects.filter(pk=self.round.pk).update(
            closes_on=self.round.closes_on - timedelta(days=30)
        )
        self.round.refresh_from_db()  # its last day has passed; its responses still linked
        self.assertEqual(self.shown(self.round), (None, perception_of(self.partnership)))
        self.assertIsNone(perception_of(self.partnership).round_id)
        self.assertEqual(survey_rounds_close_due(), 1)
        self.round.refresh_from_db()
        self.assertIsNotNone(closed_results(self.round))
        self.assertEqual(perception_of(self.partnership).round_id, self.round.pk)

    def test_after_closing_the_results_are_final_and_a_late_answer_is_refused(self):
        self.answer(self.round, self.bly, all_scored(1))
        survey_round_close(survey_round=self.round, actor=self.alice)
        first = perception_of(self.partnership)
        beta = next(p for p in first.of(TRUST) if p.party_id == self.party_b.pk)
        self.assertEqual((beta.average, beta.respondents), (3.2, 4))  # (5 + 5 + 2 + 1) / 4
        self.assertEqual(first.respondents[self.party_b.pk], 4)
        with self.assertRaises(RoundClosed):
            self.answer(self.round, self.bly, all_scored(5))
        self.assertEqual(perception_of(self.partnership), first)

    def test_three_respondents_show_and_two_do_not(self):
        survey_round_close(survey_round=self.round, actor=self.alice)
        beta = next(
            p for p in perception_of(self.partnership).of(TRUST) if p.party_id == self.party_b.pk
        )
        self.assertEqual((beta.average, beta.respondents), (4.0, 3))
        second = self.open_round("Second")
        self.answer(second, self.bea, all_scored(5))
        self.answer(second, self.bob, all_scored(1))
        survey_round_close(survey_round=second, actor=self.alice)
        perception = perception_of(self.partnership)
        self.assertEqual(perception.round_id, second.pk)
        beta = next(p for p in perception.of(TRUST) if p.party_id == self.party_b.pk)
        self.assertEqual(
            (beta.shown, beta.average, beta.respondents, beta.comments), (False, None, None, ())
        )
        self.assertIsNone(perception.respondents[self.party_b.pk])


class ThresholdTests(SurveyTestCase):
    def test_a_practice_below_the_threshold_is_hidden_while_others_of_the_party_show(self):
        survey_round = self.open_round()
        for user in (self.alice, self.ada, self.ari):
            self.answer(
                survey_round, user, practice_scored(1, 4, f"Aligned, says someone {user.pk}")
            )
        # Only two of them judge trust; the third does not know.
        self.answer(
            survey_round, self.alice, {**practice_scored(1, 4), **practice_scored(TRUST, 1, "Low")}
        )
        self.answer(survey_round, self.ada, {**practice_scored(1, 4), **practice_scored(TRUST, 2)})
        self.answer(
            survey_round,
            self.ari,
            {
                **practice_scored(1, 4),
                **{s.key: Answer(None, "No idea") for s in STATEMENTS if s.practice == TRUST},
            },
        )
        survey_round_close(survey_round=survey_round, actor=self.alice)
        perception = perception_of(self.partnership)
        alpha_align = perception.of(1)[0]
        alpha_trust = perception.of(TRUST)[0]
        self.assertEqual((alpha_align.average, alpha_align.respondents), (4.0, 3))
        self.assertEqual(
            (alpha_trust.average, alpha_trust.respondents, alpha_trust.comments), (None, None, ())
        )
        self.assertEqual(perception.respondents[self.party_a.pk], 3)

    @override_settings(ACCORD_SURVEY_MIN_RESPONDENTS=1)
    def test_the_threshold_is_never_below_three(self):
        self.assertEqual(minimum_respondents(), 3)
        survey_round = self.open_round()
        self.answer(survey_round, self.bea, all_scored(5))
        self.answer(survey_round, self.bob, all_scored(5))
        survey_round_close(survey_round=survey_round, actor=self.alice)
        self.assertFalse(
            any(
                p.shown
                for parties in perception_of(self.partnership).practices.values()
                for p in parties
            )
        )

    @override_settings(ACCORD_SURVEY_MIN_RESPONDENTS=5)
    def test_a_higher_threshold_holds(self):
        self.assertEqual(minimum_respondents(), 5)
        survey_round = self.open_round()
        for user in (self.alice, self.vic, self.ada, self.ari):
            self.answer(survey_round, user, all_scored(4))
        survey_round_close(survey_round=survey_round, actor=self.alice)
        self.assertFalse(perception_of(self.partnership).of(1)[0].shown)

    def test_comments_are_sorted_by_text_not_by_who_wrote_them_or_when(self):
        survey_round = self.open_round()
        for user, comment in ((self.bea, "b second"), (self.bob, "c third"), (self.ben, "a first")):
            self.answer(survey_round, user, practice_scored(4, 3, comment))
        survey_round_close(survey_round=survey_round, actor=self.alice)
        beta = perception_of(self.partnership).of(4)[1]
        self.assertEqual(beta.comments[:3], ("a first", "a first", "a first"))
        self.assertEqual(sorted(beta.comments), list(beta.comments))
        self.assertEqual(len(beta.comments), 12)

    def test_perception_reads_the_latest_closed_round_in_a_fixed_number_of_queries(self):
        for size in (3, 5):
            survey_round = self.open_round(f"Round of {size}")
            for user in (self.alice, self.vic, self.ada, self.ari, self.abe)[:size]:
                self.answer(survey_round, user, all_scored(4, f"Note {user.pk}"))
            survey_round_close(survey_round=survey_round, actor=self.alice)
            with self.assertNumQueries(5):
                perception = perception_of(self.partnership)
            self.assertEqual(perception.of(6)[0].respondents, size)


class AuditTests(SurveyTestCase):
    def test_the_audit_trail_says_who_answered_never_what_and_only_to_their_organization(self):
        survey_round = self.open_round()
        secret = "Our partner's CFO blocks everything"
        for user in (self.bea, self.bob, self.ben):
            self.answer(survey_round, user, all_scored(2, secret))
        self.answer(survey_round, self.bob, all_scored(5, secret + " again"))
        survey_round_close(survey_round=survey_round, actor=self.alice)
        events = list(
            AuditEvent.objects.filter(
                partnership=self.partnership, record_type="surveys.SurveyRound"
            )
        )
        answered = [e for e in events if e.action in ("answer", "answer_change")]
        self.assertEqual(
            [e.action for e in answered], ["answer", "answer", "answer", "answer_change"]
        )
        for event in events:
            content = json.dumps(event.hashed_content())
            self.assertNotIn("CFO", content)
            self.assertNotIn("score", content)
            self.assertNotIn("comment", content)
        for event in answered:
            self.assertEqual(event.changes, {})
            self.assertEqual(event.private_to_id, self.beta.pk)  # never the partner's to read
        shared = [e.action for e in events if e.private_to_id is None]
        self.assertEqual(shared, ["create", "close"])


class NowhereElseTests(SurveyTestCase):
    def test_no_admin_lists_answers_or_who_gave_them(self):
        from django.contrib import admin

        from accord.surveys.models import SurveyAnswer, SurveyResponse

        self.assertNotIn(SurveyAnswer, admin.site._registry)
        self.assertNotIn(SurveyResponse, admin.site._registry)
