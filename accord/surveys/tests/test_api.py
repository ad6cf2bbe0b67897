"""The surveys' API: rounds, my answers (only mine), closing, aggregated results; bad input
refused by field, nothing changed."""

import json
from datetime import timedelta

from accord.surveys.models import SurveyAnswer, SurveyRound
from accord.surveys.services import survey_round_close
from accord.surveys.statements import STATEMENTS
from accord.surveys.tests.base import SurveyTestCase, all_scored

KEY = STATEMENTS[0].key


class SurveyApiTests(SurveyTestCase):
    def setUp(self):
        self.round = self.open_round()
        self.base = f"/api/v1/partnerships/{self.partnership.pk}/surveys"

    def call(self, method: str, path: str, user, body: object = None):
        headers = {"Authorization": f"Bearer {self.token_for(user)}"}
        if body is None:
            return getattr(self.client, method)(self.base + path, headers=headers)
        return getattr(self.client, method)(
            self.base + path, json.dumps(body), content_type="application/json", headers=headers
        )

    def test_rounds_are_listed_with_their_status(self):
        rounds = self.call("get", "", self.bob).json()
        self.assertEqual([(r["title"], r["status"]) for r in rounds], [("Spring check-in", "open")])

    def test_a_lead_opens_a_round_and_bad_dates_are_field_errors(self):
        closes_on = (self.today + timedelta(days=7)).isoformat()
        made = self.call("post", "", self.bea, {"title": "Beta's", "closes_on": closes_on})
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual(made.json()["owner_organization"]["slug"], "beta")
        for closes_on in (
            self.today.isoformat(),
            "2026-02-30",
            "x",
            (self.today + timedelta(days=91)).isoformat(),
        ):
            refused = self.call("post", "", self.bea, {"title": "Bad", "closes_on": closes_on})
            self.assertIn(refused.status_code, (400, 422), closes_on)
            self.assertEqual(refused.json()["errors"][0]["field"].split(".")[-1], "closes_on")
        self.assertEqual(
            self.call("post", "", self.bob, {"title": "x", "closes_on": closes_on}).status_code, 403
        )
        self.assertFalse(SurveyRound.objects.filter(title="Bad").exists())

    def test_i_read_and_replace_only_my_own_answers(self):
        self.answer(self.round, self.ben, all_scored(5, "Ben's"))
        mine = self.call("get", f"/{self.round.pk}/answers/me", self.bob).json()
        self.assertFalse(mine["answered"])
        self.assertEqual(len(mine["answers"]), 24)
        self.assertNotIn("Ben", json.dumps(mine))
        put = self.call(
            "put",
            f"/{self.round.pk}/answers/me",
            self.bob,
            {
                "answers": [
                    {"statement": KEY, "score": 2, "comment": "Mine"},
                    {"statement": STATEMENTS[1].key, "score": None},
                ]
            },
        )
        self.assertEqual(put.status_code, 200, put.content)
        answers = {a["statement"]: (a["score"], a["comment"]) for a in put.json()["answers"]}
        self.assertEqual(answers[KEY], (2, "Mine"))
        self.assertTrue(put.json()["answered"])
        self.assertEqual(
            self.call("get", f"/{self.round.pk}/answers/me", self.amy).status_code, 403
        )

    def test_my_answers_are_not_read_back_once_the_last_day_has_passed(self):
        # The daily job has not cut the responses yet, but the round is over and its results
        # show: one's answers are no longer read back beside them (decision 0027).
        self.answer(self.round, self.bob, all_scored(2, "Bob's own"))
        SurveyRound.objects.filter(pk=self.round.pk).update(
            closes_on=self.today - timedelta(days=1)
        )
        mine = self.call("get", f"/{self.round.pk}/answers/me", self.bob)
        self.assertEqual(mine.status_code, 200, mine.content)
        self.assertFalse(mine.json()["answered"])
        self.assertNotIn("Bob's own", mine.content.decode())
        self.assertEqual({a["score"] for a in mine.json()["answers"]}, {None})

    def test_bad_answers_are_refused_and_nothing_is_saved(self):
        for answer in (
            {"statement": KEY, "score": 0},
            {"statement": KEY, "score": 6},
            {"statement": KEY, "score": "x"},
            {"statement": KEY, "score": 10**30},
            {"statement": KEY, "score": 3, "comment": "x" * 10_000},
            {"statement": "no.such", "score": 3},
            {"statement": KEY, "score": 3, "who": "me"},
        ):
            with self.subTest(answer=str(answer)[:50]):
                refused = self.call(
                    "put", f"/{self.round.pk}/answers/me", self.bob, {"answers": [answer]}
                )
                self.assertIn(refused.status_code, (400, 422), refused.content)
                self.assertTrue(refused.json()["errors"])
        twice = [{"statement": KEY, "score": 3}, {"statement": KEY, "score": 4}]
        self.assertEqual(
            self.call(
                "put", f"/{self.round.pk}/answers/me", self.bob, {"answers": twice}
            ).status_code,
            400,
        )
        self.assertFalse(SurveyAnswer.objects.exists())

    def test_closing_then_a_late_answer_conflicts(self):
        closed = self.call("post", f"/{self.round.pk}/close", self.bea)
        self.assertEqual(closed.json()["status"], "closed")
        again = self.call("post", f"/{self.round.pk}/close", self.alice)
        self.assertEqual((again.status_code, again.json()["code"]), (409, "survey_closed"))
        late = self.call(
            "put",
            f"/{self.round.pk}/answers/me",
            self.bob,
            {"answers": [{"statement": KEY, "score": 3}]},
        )
        self.assertEqual((late.status_code, late.json()["code"]), (409, "survey_closed"))

    def test_results_are_aggregated_and_only_of_closed_rounds(self):
        for user in (self.bea, self.bob, self.ben):
            self.answer(self.round, user, all_scored(4, "Fine"))
        self.answer(self.round, self.alice, all_scored(2))
        self.assertEqual(
            self.call("get", f"/{self.round.pk}/results", self.vic).json()["code"], "survey_open"
        )
        survey_round_close(survey_round=self.round, actor=self.alice)
        results = self.call("get", f"/{self.round.pk}/results", self.vic).json()
        parties = {p["organization"]: p["respondents"] for p in results["parties"]}
        self.assertEqual(parties, {"Alpha Energy": None, "Beta Solar": 3})
        trust = results["practices"][1]
        self.assertEqual(
            [(p["average"], p["respondents"], len(p["comments"])) for p in trust["parties"]],
            [(None, None, 0), ("4.0", 3, 12)],
        )
        self.assertEqual((trust["gap"], trust["gap_flagged"]), (None, False))
        self.assertNotIn("@", json.dumps(results))
