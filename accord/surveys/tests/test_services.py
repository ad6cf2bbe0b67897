"""Opening, answering, changing and closing a round, and what each refuses."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError

from accord.surveys.models import RoundStatus, SurveyAnswer, SurveyResponse, SurveyRound
from accord.surveys.selectors import answers_of
from accord.surveys.services import (
    Answer,
    RoundClosed,
    survey_answer,
    survey_round_close,
    survey_round_open,
    survey_rounds_close_due,
)
from accord.surveys.statements import PRACTICE_NUMBERS, STATEMENTS
from accord.surveys.tests.base import SurveyTestCase, all_scored

KEY = STATEMENTS[0].key


class StatementTests(SurveyTestCase):
    def test_there_are_four_statements_for_each_of_the_six_practices(self):
        self.assertEqual(len(STATEMENTS), 24)
        self.assertEqual(PRACTICE_NUMBERS, (1, 2, 3, 4, 5, 6))
        for number in PRACTICE_NUMBERS:
            self.assertEqual(sum(1 for s in STATEMENTS if s.practice == number), 4)
        self.assertEqual(len({s.key for s in STATEMENTS}), 24)


class OpenTests(SurveyTestCase):
    def test_a_lead_opens_a_round_audited_on_the_shared_chain(self):
        survey_round = self.open_round()
        self.assertEqual(survey_round.status, RoundStatus.OPEN)
        self.assertEqual(survey_round.owner_party, self.party_a)
        self.assertTrue(survey_round.is_open_on(self.today))

    def test_the_other_partys_admin_opens_one_too(self):
        opened = survey_round_open(
            party=self.party_b,
            actor=self.bea,
            title="Beta's",
            closes_on=self.today + timedelta(days=3),
            today=self.today,
        )
        self.assertEqual(opened.owner_party, self.party_b)

    def test_a_contributor_or_a_viewer_may_not_open_one(self):
        for user, party in ((self.bob, self.party_b), (self.vic, self.party_a)):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                survey_round_open(
                    party=party,
                    actor=user,
                    title="Mine",
                    closes_on=self.today + timedelta(days=3),
                    today=self.today,
                )
        self.assertFalse(SurveyRound.objects.exists())

    def test_the_closing_date_must_be_after_today_and_within_ninety_days(self):
        for days in (0, -1, 91, 10_000):
            with self.subTest(days=days), self.assertRaises(ValidationError) as raised:
                self.open_round(days=days)
            self.assertIn("closes_on", raised.exception.message_dict)
        self.assertEqual(self.open_round(days=90).closes_on, self.today + timedelta(days=90))

    def test_a_blank_title_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            self.open_round(title="   ")
        self.assertIn("title", raised.exception.message_dict)


class AnswerTests(SurveyTestCase):
    def setUp(self):
        self.round = self.open_round()

    def test_every_team_member_answers_once_and_changes_it(self):
        self.answer(self.round, self.bob, all_scored(4, "Fine"))
        self.answer(self.round, self.bob, {KEY: Answer(2, "Changed my mind")})
        self.assertEqual(SurveyResponse.objects.filter(round=self.round).count(), 1)
        self.assertEqual(answers_of(self.round, self.bob.pk), {KEY: Answer(2, "Changed my mind")})

    def test_a_viewer_on_the_team_answers_too(self):
        self.answer(self.round, self.vic, {KEY: Answer(3)})
        self.assertEqual(answers_of(self.round, self.vic.pk), {KEY: Answer(3)})

    def test_dont_know_without_a_comment_is_not_stored(self):
        self.answer(self.round, self.bob, {KEY: Answer(None), STATEMENTS[1].key: Answer(None, "?")})
        self.assertEqual(
            answers_of(self.round, self.bob.pk), {STATEMENTS[1].key: Answer(None, "?")}
        )

    def test_people_off_the_team_may_not_answer(self):
        for user, party in (
            (self.amy, self.party_a),
            (self.ann, self.party_a),
            (self.olga, self.party_b),
        ):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                survey_answer(
                    survey_round=self.round, party=party, actor=user, answers=all_scored(3)
                )
        # Nor for a party whose team they are not on.
        with self.assertRaises(PermissionDenied):
            survey_answer(
                survey_round=self.round, party=self.party_b, actor=self.alice, answers=all_scored(3)
            )
        self.assertFalse(SurveyResponse.objects.exists())

    def test_bad_values_are_refused_and_nothing_is_saved(self):
        bad = [
            {KEY: Answer(0)},
            {KEY: Answer(6)},
            {KEY: Answer("x")},  # type: ignore[arg-type]
            {KEY: Answer(True)},  # type: ignore[arg-type]
            {KEY: Answer(3, "x" * 1001)},
            {"no.such": Answer(3)},
        ]
        for answers in bad:
            with self.subTest(answers=str(answers)[:60]), self.assertRaises(ValidationError):
                self.answer(self.round, self.bob, answers)
        self.assertFalse(SurveyResponse.objects.exists())
        self.answer(self.round, self.bob, {KEY: Answer(3, "x" * 1000)})

    def test_nothing_changes_after_the_round_closes(self):
        self.answer(self.round, self.bob, all_scored(4))
        survey_round_close(survey_round=self.round, actor=self.bea)
        with self.assertRaises(RoundClosed):
            self.answer(self.round, self.bob, all_scored(1))
        with self.assertRaises(RoundClosed):
            self.answer(self.round, self.ben, all_scored(1))
        self.assertEqual(set(SurveyAnswer.objects.values_list("score", flat=True)), {4})

    def test_a_round_past_its_last_day_takes_no_answer(self):
        with self.assertRaises(RoundClosed):
            survey_answer(
                survey_round=self.round,
                party=self.party_b,
                actor=self.bob,
                answers=all_scored(3),
                today=self.round.closes_on + timedelta(days=1),
            )


class CloseTests(SurveyTestCase):
    def setUp(self):
        self.round = self.open_round()

    def test_a_lead_or_admin_of_any_party_closes_it_and_answers_lose_their_names(self):
        self.answer(self.round, self.bob, all_scored(4))
        closed = survey_round_close(survey_round=self.round, actor=self.bea)
        self.assertEqual(closed.status, RoundStatus.CLOSED)
        self.assertEqual(closed.closed_by, self.bea)
        self.assertFalse(closed.is_open_on(self.today))
        self.assertEqual(list(SurveyResponse.objects.values_list("respondent", flat=True)), [None])
        self.assertIsNone(answers_of(self.round, self.bob.pk))

    def test_contributors_viewers_and_outsiders_may_not_close_it(self):
        for user in (self.bob, self.vic, self.ann, self.olga):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                survey_round_close(survey_round=self.round, actor=user)
        self.round.refresh_from_db()
        self.assertEqual(self.round.status, RoundStatus.OPEN)

    def test_closing_twice_is_refused(self):
        survey_round_close(survey_round=self.round, actor=self.alice)
        with self.assertRaises(RoundClosed):
            survey_round_close(survey_round=self.round, actor=self.bea)

    def test_the_daily_job_closes_rounds_past_their_last_day(self):
        self.answer(self.round, self.bob, all_scored(4))
        self.assertEqual(survey_rounds_close_due(today=self.round.closes_on), 0)
        self.assertEqual(survey_rounds_close_due(today=self.round.closes_on + timedelta(days=1)), 1)
        self.round.refresh_from_db()
        self.assertEqual(self.round.status, RoundStatus.CLOSED)
        self.assertEqual(self.round.closed_on, self.round.closes_on)
        self.assertIsNone(SurveyResponse.objects.get().respondent)
        self.assertEqual(survey_rounds_close_due(today=self.round.closes_on + timedelta(days=2)), 0)

    def test_the_daily_job_closes_a_round_its_ended_partnership_left_open_and_goes_on(self):
        from accord.core.proposals import proposal_approve, proposal_create

        self.answer(self.round, self.bob, all_scored(4))
        ending = proposal_create(party=self.party_a, actor=self.alice, kind="end").proposal
        proposal_approve(proposal=ending, party=self.party_b, actor=self.bea)
        # Before its last day; nobody can answer in the archive, and the job is not refused.
        self.assertEqual(survey_rounds_close_due(today=self.round.closes_on), 1)
        self.round.refresh_from_db()
        self.assertEqual(self.round.status, RoundStatus.CLOSED)
        self.assertIsNone(SurveyResponse.objects.get().respondent)
